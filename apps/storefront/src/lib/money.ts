/**
 * Prices arrive as decimal major units with at most two decimals (17.2 is 17.20); they are shown in the
 * shop's Spanish with the currency the API names, never recomputed here.
 */
export function formatPrice(amount: number, currency: string | null | undefined): string {
  return new Intl.NumberFormat('es-EC', {
    style: 'currency',
    currency: currency || 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount);
}
