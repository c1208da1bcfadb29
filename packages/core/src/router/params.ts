/**
 * The params a path pattern declares, typed from the pattern itself:
 * `:name` is one path segment (`string`), `*name` (or a bare `*`, named `"*"`) the remaining segments (`string[]`).
 *
 * ```ts
 * type P = PathParams<"/users/:userId/files/*path">; // { readonly userId: string; readonly path: string[] }
 * ```
 */
export type PathParams<Pattern extends string> = string extends Pattern ? AnyPathParams : Flatten<SegmentsParams<Pattern>>;

/** The params of a pattern only known as `string`. */
export type AnyPathParams = Readonly<Record<string, string | readonly string[] | undefined>>;

type SegmentsParams<Pattern extends string> = Pattern extends `${infer Head}/${infer Rest}`
  ? SegmentParam<Head> & SegmentsParams<Rest>
  : SegmentParam<Pattern>;

type SegmentParam<Segment extends string> = Segment extends `:${infer Name}`
  ? { readonly [Key in Name]: string }
  : Segment extends `*${infer Name}`
    ? { readonly [Key in Name extends "" ? "*" : Name]: string[] }
    : Record<never, never>;

type Flatten<T> = { [Key in keyof T]: T[Key] };
