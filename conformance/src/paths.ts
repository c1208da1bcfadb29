// One level below the package root both as `src/paths.ts` and bundled into `dist/*.js`.
/** The `@fnport/conformance` package folder. */
export const packageRoot: URL = new URL("../", import.meta.url);
/** The real provider events. */
export const fixturesRoot: URL = new URL("fixtures/", packageRoot);
