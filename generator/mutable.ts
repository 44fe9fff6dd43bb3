/** `T` with its readonly fields writable: only for the builders that fill a node in before it is frozen. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
