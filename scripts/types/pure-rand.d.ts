// pure-rand publishes its subpaths through package.json "exports" only, which the project's
// node10 module resolution does not read: point the compiler at the same files' declarations.
declare module 'pure-rand/distribution/uniformFloat64' {
  export * from 'pure-rand/lib/distribution/uniformFloat64';
}
declare module 'pure-rand/generator/xoroshiro128plus' {
  export * from 'pure-rand/lib/generator/xoroshiro128plus';
}
