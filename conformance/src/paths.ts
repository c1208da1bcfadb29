import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";

// One level below the package root both as `src/paths.ts` and bundled into `dist/*.js`.
/** The `@fnport/conformance` package folder. */
export const packageRoot: URL = new URL("../", import.meta.url);
/** The real provider events. */
export const fixturesRoot: URL = new URL("fixtures/", packageRoot);
/** The fnport repository (the meter bundles `examples/hello` from it). */
export const repoRoot: URL = new URL("../", packageRoot);
/** Where the meter writes its bundles. */
export const bundleDir: URL = new URL("fnport-conformance/", `${pathToFileURL(tmpdir()).href}/`);
