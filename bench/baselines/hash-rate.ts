/** argon2id hashes per second with the service's parameters and parallelism: the ceiling for logins. */
export async function hashRate(params: { memoryCost: number; timeCost: number }, parallel: number, seconds: number) {
  let n = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < until) {
        await Bun.password.hash('correct horse battery', { algorithm: 'argon2id', ...params });
        n++;
      }
    }),
  );
  return n / seconds;
}
