// Until libs/contracts/src/money.ts lands (catalog): minor units to decimal major units.

/** Integer minor units (1999) as a decimal number of major units (19.99), exact to two decimals. */
export const toMajor = (minor: number): number => Number((minor / 100).toFixed(2));
