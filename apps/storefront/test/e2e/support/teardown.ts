// Preloaded for every test file (bunfig.toml): a hook of the whole run, so the one platform and browser
// the end-to-end files share stop after the last file, whether its tests passed or not.
import { afterAll } from 'bun:test';
import { closeBrowser } from './browser';
import { stopPlatform } from './platform';

afterAll(async () => {
  await closeBrowser();
  await stopPlatform();
}, 60_000);
