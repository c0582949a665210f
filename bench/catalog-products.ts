// Generated products for the catalog benchmarks: `count` rows across the six categories, with
// Spanish words in names and descriptions so full-text search has realistic terms to find.
const CATEGORIES = [
  'hogar-y-estilo-de-vida',
  'ropa-y-moda-sostenible',
  'cuidado-personal',
  'comida-y-bebida-sostenible',
  'tecnologia',
  'bebes-y-ninos',
];
const NOUNS = ['cepillo', 'bolsa', 'botella', 'camiseta', 'jabón', 'café', 'vela', 'cargador', 'juguete', 'manta'];
const MATERIALS = ['bambú', 'algodón orgánico', 'corcho', 'vidrio', 'acero', 'lino', 'cáñamo', 'madera de haya'];
const ADJECTIVES = ['reutilizable', 'compostable', 'ecológico', 'artesanal', 'reciclado', 'natural', 'solar'];
const BRANDS = ['Verde Raíz', 'Hilo Verde', 'Tierra Viva', 'Casa Circular', 'Sol Portátil', 'Nube Suave'];

const pick = <T>(xs: T[], i: number) => xs[i % xs.length]!;

export function benchProduct(i: number) {
  const name = `${pick(NOUNS, i)} de ${pick(MATERIALS, Math.floor(i / 10))} ${pick(ADJECTIVES, Math.floor(i / 80))} ${i}`;
  return {
    slug: `bench-${i}`,
    name: name[0]!.toUpperCase() + name.slice(1),
    description: `Producto ${pick(ADJECTIVES, i)} de ${pick(MATERIALS, i)}, pensado para durar; lote ${i % 997}.`,
    brand: pick(BRANDS, Math.floor(i / 7)),
    category: pick(CATEGORIES, i),
    price: (100 + ((i * 7919) % 20000)) / 100,
    rating: (i % 51) / 10,
    quantity: i % 13 === 0 ? 0 : i % 500,
    featured: i % 50 === 0,
  };
}

const csvField = (v: unknown) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** A CSV file of `count` products (header first), as the import reads it. */
export function benchCsv(count: number): string {
  const header = Object.keys(benchProduct(0));
  const lines = [header.join(',')];
  for (let i = 0; i < count; i++) lines.push(Object.values(benchProduct(i)).map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

if (import.meta.main) {
  const [count = '100000', file = '.data/bench-products.csv'] = process.argv.slice(2);
  await Bun.write(file, benchCsv(Number(count)));
  console.log(`wrote ${count} products to ${file}`);
}
