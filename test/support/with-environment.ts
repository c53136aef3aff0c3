/** Runs `read` with exactly these environment variables (config factories read process.env). */
export function withEnvironment<T>(variables: Record<string, string>, read: () => T): T {
  const saved = process.env;
  process.env = { ...variables };
  try {
    return read();
  } finally {
    process.env = saved;
  }
}
