import { randomBytes } from 'node:crypto';

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const BASE_MAX_LENGTH = 100;

/** `How to Train Your Dragon!` → `how-to-train-your-dragon`; accents folded, other scripts dropped. */
export function slugBase(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, BASE_MAX_LENGTH)
    .replace(/-+$/, '');
  return base || 'article';
}

/** A short random suffix keeps slugs unique without asking the database first. */
export function slugSuffix(length = 6): string {
  return Array.from(randomBytes(length), (byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
}

/** A unique slug for `title`; the seed passes suffixes of its own, derived from ids, so its slugs are deterministic. */
export const makeSlug = (title: string, suffix = slugSuffix()): string => `${slugBase(title)}-${suffix}`;
