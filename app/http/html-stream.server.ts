// The stream a server-rendered page is written to. React 18.3's
// renderToPipeableStream can emit stray NUL bytes: when a multi-byte character
// does not fit in the rest of its 2048-byte buffer, it flushes the whole
// buffer, the unwritten zero bytes at its end included (facebook/react#31134;
// fixed in React 19, which Remix 2 does not support). A guest's name such as
// "Quintanilla-Øster" then reads "Quintanilla-\0Øster" on the page and breaks
// hydration. UTF-8 never uses the byte 0 inside a character, so dropping every
// 0 byte gives back exactly the page React meant to write.
import { Transform } from "node:stream";

export function htmlStream(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk);
    },
  });
}
