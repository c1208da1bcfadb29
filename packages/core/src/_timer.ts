/** The longest delay `setTimeout` honours: Node, browsers and workerd fire a longer one after 1 ms. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** A timer that may run longer than `setTimeout` allows; stop it with `stopTimer`. */
export interface LongTimer {
  id: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Calls `callback` after `delay` ms, for any delay: a delay above 2^31−1 ms is waited in steps, an
 * infinite one never fires. `unref` lets a Node process exit while the timer waits.
 */
export function startTimer(callback: () => void, delay: number, unref = false): LongTimer {
  const timer: LongTimer = { id: undefined };
  const arm = (remaining: number): void => {
    if (remaining === Number.POSITIVE_INFINITY) return;
    const step = Math.min(remaining, MAX_TIMER_DELAY);
    timer.id = setTimeout(step === remaining ? callback : () => arm(remaining - step), step);
    if (unref) (timer.id as { unref?: () => void }).unref?.();
  };
  arm(Math.max(0, delay));
  return timer;
}

/** Stops a timer from `startTimer` (it may have fired already). */
export function stopTimer(timer: LongTimer | undefined): void {
  if (timer?.id !== undefined) {
    clearTimeout(timer.id);
    timer.id = undefined;
  }
}
