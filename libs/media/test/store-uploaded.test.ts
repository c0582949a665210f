import { describe, expect, test } from 'bun:test';
import { type ObjectStorage, storeThenCommit, type UploadedImage, uploadKey } from '../src/index';

const image: UploadedImage = { ext: 'png', contentType: 'image/png', width: 1, height: 1, path: '/tmp/x', size: 3 };

/** An in-memory store that records what happened, and can be made to fail. */
function memoryStore(failPut = false) {
  const objects = new Map<string, string>();
  const storage: ObjectStorage = {
    put: async (key, _file, contentType) => {
      if (failPut) throw new Error('store down');
      objects.set(key, contentType);
    },
    delete: async (key) => {
      objects.delete(key);
    },
    list: async (prefix) => [...objects.keys()].filter((k) => k.startsWith(prefix)),
    canonicalUrl: (key) => `https://store/${key}`,
    browserUrl: async (key) => `https://store/${key}`,
    check: async () => {},
  };
  return { storage, objects };
}

describe('storeThenCommit', () => {
  test('stores with the proven type, then commits', async () => {
    const { storage, objects } = memoryStore();
    const key = uploadKey('products/7', image);
    expect(key).toMatch(/^products\/7\/[0-9a-f-]{36}\.png$/);
    expect(await storeThenCommit(storage, key, image, async () => 'committed')).toBe('committed');
    expect([...objects]).toEqual([[key, 'image/png']]);
  });

  test('a failed commit removes the object again and keeps its own error', async () => {
    const { storage, objects } = memoryStore();
    const failed = storeThenCommit(storage, 'k.png', image, async () => {
      throw new Error('database down');
    });
    expect(failed).rejects.toThrow('database down');
    await failed.catch(() => {});
    expect(objects.size).toBe(0);
  });

  test('a failed store never reaches the commit', async () => {
    const { storage } = memoryStore(true);
    let committed = false;
    const failed = storeThenCommit(storage, 'k.png', image, async () => {
      committed = true;
    });
    expect(failed).rejects.toThrow('store down');
    await failed.catch(() => {});
    expect(committed).toBe(false);
  });
});
