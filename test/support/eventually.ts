// Moved to libs/testing (`@pathway/testing`); this re-export goes once no branch imports it.
export * from '@pathway/testing';
