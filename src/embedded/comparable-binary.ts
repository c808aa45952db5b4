// mingo compares objects of classes with their own toString by that string, and bson's
// Binary.toString() decodes the bytes as UTF-8: two binaries that differ only in bytes that are
// invalid UTF-8 (most of any ciphertext) then compare equal, so an equality filter could match
// the wrong document and a $set of a changed ciphertext could be dropped as "no change". Binaries
// in incoming commands are therefore re-created as this subclass, whose default string is the
// subtype and the exact bytes.
import { Binary } from 'bson';

export class ComparableBinary extends Binary {
  override toString(encoding?: 'hex' | 'base64' | 'utf8' | 'utf-8'): string {
    return encoding === undefined ? `${this.sub_type}:${super.toString('base64')}` : super.toString(encoding);
  }
}

export function comparableBinary(v: Binary): ComparableBinary {
  return v instanceof ComparableBinary ? v : new ComparableBinary(v.buffer.subarray(0, v.position), v.sub_type);
}
