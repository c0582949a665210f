import { describe, expect, test } from 'bun:test';
import { refreshOnce } from '../../src/lib/refresh-once';
import type { Tokens } from '../../src/lib/session-cookies';

const pair = (n: number): Tokens => ({ token: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900 });

describe('refreshOnce', () => {
  test('sends a refresh token to the service once, however many requests carry it at the same time', async () => {
    let calls = 0;
    const refresh = refreshOnce(async () => pair(++calls));
    const answers = await Promise.all([refresh('r1'), refresh('r1'), refresh('r1')]);
    expect(calls).toBe(1);
    expect(answers).toEqual([pair(1), pair(1), pair(1)]);
    expect(await refresh('r2')).toEqual(pair(2));
  });

  test('a request arriving within the grace window gets the same pair; after it, the service is asked', async () => {
    let clock = 0;
    let calls = 0;
    const refresh = refreshOnce(async () => pair(++calls), { graceMs: 1000, now: () => clock });
    await refresh('r1');
    clock = 900;
    expect(await refresh('r1')).toEqual(pair(1));
    clock = 2000;
    expect(await refresh('r1')).toEqual(pair(2));
  });

  test('a refusal is shared like an answer; an outage is not remembered', async () => {
    let outage = true;
    let calls = 0;
    const refresh = refreshOnce(async () => {
      calls++;
      if (outage) throw new Error('connection refused');
      return null;
    });
    await expect(refresh('r1')).rejects.toThrow('connection refused');
    outage = false;
    expect(await refresh('r1')).toBeNull();
    expect(await refresh('r1')).toBeNull();
    expect(calls).toBe(2);
  });
});
