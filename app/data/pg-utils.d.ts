// node-postgres's own parameter preparation (pg/lib/utils.js, exported by pg's package.json
// but untyped): the PGlite pool prepares values with it so both engines send the same text.
declare module "pg/lib/utils.js" {
  const utils: { prepareValue(value: unknown): string | Buffer | null };
  export default utils;
}
