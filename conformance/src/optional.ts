/**
 * Imports a package the suite needs only for some uses (esbuild to bundle, tsx to load a TypeScript
 * harness), so that a missing one is a clear error naming it, not `ERR_MODULE_NOT_FOUND` from deep inside.
 */
export async function importOptional<T>(specifier: string, purpose: string, packageName: string = specifier): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(`'${packageName}'`)) {
      throw new Error(`${purpose} needs the package "${packageName}", which is not installed: npm install --save-dev ${packageName}`);
    }
    throw error;
  }
}
