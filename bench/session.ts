/** What POST /auth/register needs besides an email. */
export const registration = {
  name: 'Bench',
  lastName: 'User',
  dayBirth: 1,
  monthBirth: 1,
  yearBirth: 1990,
  gender: 'Otro',
  phoneNumber: '0991234567',
  password: 'correct horse battery',
};

/** Registers a fresh user through the running auth service and logs in: what every load needs. */
export async function signUp(authPort: number) {
  const base = `http://127.0.0.1:${authPort}`;
  const email = `bench.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`;
  const { password } = registration;
  const post = (path: string, body: object) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const registered = await post('/auth/register', { ...registration, email });
  const { id: userId } = (await registered.json()) as { id: number };
  const { token } = (await (await post('/auth/login', { email, password })).json()) as { token: string };
  return { userId, email, password, token };
}
