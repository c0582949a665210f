import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { releaseBytes } from './release-bytes';

export type Range = { at: number; length: number };

const COPY_BLOCK = 64 * 1024;

/**
 * Writes to `output` the first `head` bytes of the open file `from`, then the ranges `walk` visits
 * (in file order) that `keep` accepts. Neighbouring kept ranges are copied as one run, so a file
 * of tiny ranges costs no call each.
 */
export function writeKept<R extends Range>(
  from: number,
  output: string,
  head: number,
  walk: (visit: (range: R) => void) => unknown,
  keep: (range: R) => boolean,
) {
  const to = openSync(output, 'w');
  const block = new Uint8Array(COPY_BLOCK);
  const copy = (start: number, length: number) => {
    for (let done = 0; done < length; ) {
      const read = readSync(from, block, 0, Math.min(COPY_BLOCK, length - done), start + done);
      if (read === 0) break;
      for (let w = 0; w < read; ) w += writeSync(to, block, w, read - w);
      done += read;
    }
  };
  try {
    let run = { start: 0, end: head };
    walk((range) => {
      if (!keep(range)) return;
      if (range.at !== run.end) {
        copy(run.start, run.end - run.start);
        run = { start: range.at, end: range.at };
      }
      run.end = range.at + range.length;
    });
    copy(run.start, run.end - run.start);
  } finally {
    releaseBytes(block);
    closeSync(to);
  }
}
