/** How the hashing process is scheduled against request handling (PASSWORD_HASH_PRIORITY). */
export const PASSWORD_HASH_PRIORITIES = ['idle', 'low', 'normal'] as const;
export type PasswordHashPriority = (typeof PASSWORD_HASH_PRIORITIES)[number];
