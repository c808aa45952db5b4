// E-mail addresses in the shapes Chinese customers actually use: pinyin of their name, a QQ
// number at qq.com, or first.last for Latin names. Local parts are random enough that two
// customers rarely share one, but uniqueness is not guaranteed (nor is it in a real CRM).
import { weighted, type Rng } from './prng';
import type { PersonName } from './names';

const DOMAINS = weighted<string>([
  ['qq.com', 30],
  ['163.com', 20],
  ['126.com', 10],
  ['gmail.com', 8],
  ['outlook.com', 7],
  ['sina.com', 5],
  ['foxmail.com', 5],
  ['hotmail.com', 5],
  ['139.com', 5],
  ['yeah.net', 3],
  ['aliyun.com', 2],
]);

export function makeEmail(rng: Rng, person: PersonName): string {
  if (person.kind === 'latin') {
    const domain = rng.pick(['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com']);
    return `${person.given}.${person.family}${rng.chance(0.4) ? rng.int(1, 99) : ''}@${domain}`;
  }
  const domain = rng.pickWeighted(DOMAINS);
  if (domain === 'qq.com' && rng.chance(0.6)) return `${rng.int(1, 9)}${rng.digits(rng.int(5, 9))}@qq.com`;
  const style = rng.int(0, 3);
  const local =
    style === 0
      ? `${person.family}${person.given}`
      : style === 1
        ? `${person.given}.${person.family}`
        : style === 2
          ? `${person.family}${person.given.slice(0, 1)}${rng.int(1970, 2005)}`
          : `${person.family}_${person.given}${rng.int(1, 999)}`;
  return `${local}${style < 2 ? rng.int(10, 99) : ''}@${domain}`;
}
