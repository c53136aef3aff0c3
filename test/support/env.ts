/**
 * Runs `body` with these environment variables set (undefined unsets one), then restores them. The
 * configuration is read when an app is created, so create the app inside.
 */
export async function withEnv<T>(variables: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  };
  apply(variables);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}
