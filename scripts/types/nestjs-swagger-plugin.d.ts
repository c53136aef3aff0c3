// @nestjs/swagger publishes its plugin's declarations through package.json "exports" only, which the
// project's node10 module resolution does not read: point the compiler at the same files' declarations.
declare module '@nestjs/swagger/plugin' {
  export * from '@nestjs/swagger/dist/plugin';
}
