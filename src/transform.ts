/**
 * createGradientStream: the stream of streams.ts as a Node.js Transform in object mode. Its
 * writable side takes chunks, its readable side gives results; a slow reader holds the writer
 * back (the Transform defers each write's callback while its readable buffer is full), so the
 * stream itself holds at most the stencil's reach of samples and highWaterMark results.
 */

import { Transform } from 'node:stream';

import type { GradientFunction } from './gradient';
import type { AllocateResult } from './results';
import { GradientStreamState, type StreamChunk, type StreamSpacingAndOptions } from './streams';

/** The Transform factory over a backend's gradient: see the main entry's createGradientStream. */
export function createTransformFunction(gradient: GradientFunction, allocate: AllocateResult) {
  return function createGradientStream(...args: StreamSpacingAndOptions): Transform {
    // Arguments are checked now, so that a bad call throws here rather than on the first chunk.
    const state = new GradientStreamState(gradient, allocate, args, false);
    return new Transform({
      objectMode: true,
      transform(chunk: StreamChunk, _encoding, callback) {
        let result: ReturnType<typeof state.push>;
        try {
          result = state.push(chunk);
        } catch (error) {
          callback(error as Error); // destroys the stream with this error
          return;
        }
        if (result !== undefined) this.push(result);
        callback();
      },
      flush(callback) {
        let result: ReturnType<typeof state.finish>;
        try {
          result = state.finish();
        } catch (error) {
          callback(error as Error);
          return;
        }
        callback(null, result);
      },
    });
  };
}
