import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

const WORDS = (
  'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but ' +
  'not what all were we when your can said there use an each which she do how their if will up other about out ' +
  'many then them these so some her would make like him into time has look two more write go see number no way ' +
  'could people my than first water been call who oil its now find long down day did get come made may part ' +
  'node nest express typeorm mysql index query cluster worker token stateless async await promise stream buffer'
).split(' ');

/** Deterministic randomness: the same seed gives the same dataset, call for call. */
export interface RandomSource {
  /** A float in [0, 1). */
  random(): number;
  /** An integer in [0, n), skewed towards 0 by `power` (1 = uniform; 3 = a long tail). */
  skewed(n: number, power?: number): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** min to max lowercase words, space-separated. */
  words(min: number, max: number): string;
}

export function randomSource(seed: number): RandomSource {
  const generator = xoroshiro128plus(seed);
  const random = () => uniformFloat64(generator);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  return {
    random,
    skewed: (n, power = 1) => Math.min(n - 1, Math.floor(n * random() ** power)),
    int,
    words: (min, max) => {
      const count = int(min, max);
      const out = new Array<string>(count);
      for (let i = 0; i < count; i++) {
        out[i] = WORDS[Math.floor(random() * WORDS.length)];
      }
      return out.join(' ');
    },
  };
}
