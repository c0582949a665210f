// Draws the catalog's shipped images (the six category images and one per demo product) as SVG and
// encodes them to WebP with sharp: `bun scripts/draw-catalog-images.ts`. The WebP files are committed;
// run this again only to change a drawing or to draw a product added to apps/catalog/src/demo/catalog.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import demo from '../apps/catalog/src/demo/catalog.json';

const ASSETS = path.resolve(import.meta.dir, '../apps/catalog/assets');
const SIZE = 600;

const green = {
  deep: '#1b5e20',
  dark: '#2e7d32',
  mid: '#43a047',
  leaf: '#66bb6a',
  soft: '#81c784',
  pale: '#a5d6a7',
  mist: '#c8e6c9',
  cream: '#f1f8e9',
};
const wood = { light: '#deb887', mid: '#c49a6c', dark: '#8d6e63', deep: '#6d4c41' };
const kraft = '#d7b98e';

/** One background per category: a soft two-tone gradient and a large pale disc behind the object. */
const backgrounds: Record<string, [string, string, string]> = {
  'hogar-y-estilo-de-vida': ['#f1f8e9', '#c5e1a5', '#dcedc8'],
  'ropa-y-moda-sostenible': ['#e8f5e9', '#a5d6a7', '#c8e6c9'],
  'cuidado-personal': ['#f0f7f4', '#b2dfdb', '#d6efe9'],
  'comida-y-bebida-sostenible': ['#f9fbe7', '#dce775', '#eef3c2'],
  tecnologia: ['#e0f2f1', '#80cbc4', '#b2dfdb'],
  'bebes-y-ninos': ['#f1f8e9', '#aed581', '#dcedc8'],
};

const leaf = (x: number, y: number, size: number, angle: number, fill = green.leaf, vein = green.dark) =>
  `<g transform="translate(${x} ${y}) rotate(${angle}) scale(${size / 100})">
    <path d="M0 0 C 30 -30 80 -30 100 0 C 80 30 30 30 0 0 Z" fill="${fill}"/>
    <path d="M0 0 L 92 0" stroke="${vein}" stroke-width="4" stroke-linecap="round" opacity="0.55"/>
  </g>`;

const sprig = (x: number, y: number, length: number, angle: number, fill = green.mid) => {
  const leaves = Array.from({ length: 5 }, (_, i) => {
    const at = (length * (i + 1)) / 6;
    return `${leaf(at, 0, 34, -40, fill)}${leaf(at, 0, 34, 40, fill)}`;
  }).join('');
  return `<g transform="translate(${x} ${y}) rotate(${angle})">
    <path d="M0 0 L ${length} 0" stroke="${green.dark}" stroke-width="5" stroke-linecap="round"/>${leaves}
  </g>`;
};

const shadow = (cx: number, cy: number, rx: number) =>
  `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${rx * 0.12}" fill="#000" opacity="0.12"/>`;

function frame(category: string, body: string): string {
  const [top, bottom, disc] = backgrounds[category] ?? backgrounds['hogar-y-estilo-de-vida']!;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 600 600">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0.4" y2="1">
      <stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/>
    </linearGradient>
    <radialGradient id="shine" cx="0.35" cy="0.3" r="0.8">
      <stop offset="0" stop-color="#fff" stop-opacity="0.55"/><stop offset="1" stop-color="#fff" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect width="600" height="600" fill="url(#bg)"/>
  <circle cx="300" cy="290" r="225" fill="${disc}" opacity="0.8"/>
  <circle cx="300" cy="290" r="225" fill="url(#shine)"/>
  ${leaf(40, 560, 90, -35, green.pale, green.soft)}${leaf(560, 60, 80, 145, green.pale, green.soft)}
  ${body}
</svg>`;
}

const products: Record<string, () => string> = {
  'vela-de-soja-lavanda': () => `
    ${shadow(300, 470, 150)}
    <rect x="190" y="230" width="220" height="240" rx="30" fill="#e3f2fd" opacity="0.65" stroke="#b0bec5" stroke-width="6"/>
    <rect x="202" y="290" width="196" height="170" rx="22" fill="#fff8e1"/>
    <rect x="215" y="330" width="170" height="80" rx="10" fill="${green.mist}"/>
    ${[0, 1, 2].map((i) => `<circle cx="${255 + i * 45}" cy="370" r="14" fill="#9575cd"/>`).join('')}
    <path d="M300 290 L300 255" stroke="#5d4037" stroke-width="6"/>
    <path d="M300 170 C 330 210 325 250 300 258 C 275 250 270 210 300 170 Z" fill="#ffb300"/>
    <path d="M300 205 C 312 225 310 245 300 250 C 290 245 288 225 300 205 Z" fill="#fff3c4"/>
    ${[0, 1, 2].map((i) => `<g transform="translate(${440 + i * 22} ${470}) rotate(${-8 + i * 8})"><path d="M0 0 L0 -170" stroke="${green.dark}" stroke-width="5"/>${[0, 1, 2, 3, 4, 5].map((j) => `<ellipse cx="${j % 2 ? 7 : -7}" cy="${-95 - j * 13}" rx="8" ry="11" fill="#7e57c2"/>`).join('')}</g>`).join('')}
  `,
  'bolsas-de-malla-algodon-organico': () => `
    <defs><pattern id="mesh" width="26" height="26" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="26" height="26" fill="none"/><path d="M0 0 L26 0 M0 0 L0 26" stroke="#f5f0e1" stroke-width="5"/></pattern></defs>
    ${shadow(300, 500, 170)}
    <circle cx="250" cy="400" r="62" fill="#ff9800"/><circle cx="350" cy="405" r="58" fill="#ffa726"/>
    <circle cx="300" cy="330" r="56" fill="#8bc34a"/><circle cx="230" cy="300" r="45" fill="#e53935"/>
    <circle cx="370" cy="300" r="48" fill="#fdd835"/>
    <path d="M170 230 Q 160 480 220 490 L 380 490 Q 440 480 430 230 Z" fill="url(#mesh)" stroke="#efe6cf" stroke-width="10"/>
    <path d="M170 230 Q 300 260 430 230" stroke="#d7ccc8" stroke-width="9" fill="none"/>
    <path d="M300 250 q -20 -80 -50 -110 M300 250 q 25 -75 60 -105" stroke="#d7ccc8" stroke-width="7" fill="none"/>
    <rect x="395" y="260" width="60" height="36" rx="6" fill="${kraft}" transform="rotate(15 425 278)"/>
  `,
  'maceta-fibra-de-coco': () => `
    ${shadow(300, 500, 140)}
    ${leaf(300, 300, 150, -70)}${leaf(300, 300, 140, -115, green.mid)}${leaf(300, 310, 120, -30, green.soft)}
    ${leaf(300, 310, 120, -150, green.leaf)}${leaf(300, 300, 110, -92, green.dark, green.deep)}
    <path d="M190 300 L410 300 L380 495 L220 495 Z" fill="#795548"/>
    ${Array.from({ length: 14 }, (_, i) => `<path d="M${200 + i * 15} ${305 + (i % 3) * 40} q 20 10 35 -4" stroke="#a1887f" stroke-width="4" fill="none"/>`).join('')}
    ${Array.from({ length: 10 }, (_, i) => `<path d="M${215 + i * 17} ${420 + (i % 2) * 30} q 15 -8 30 4" stroke="#5d4037" stroke-width="4" fill="none"/>`).join('')}
    <rect x="178" y="285" width="244" height="34" rx="10" fill="#6d4c41"/>
  `,
  'cepillo-vajilla-madera-haya': () => `
    ${shadow(300, 500, 160)}
    <g transform="rotate(-30 300 300)">
      <rect x="275" y="110" width="50" height="260" rx="25" fill="${wood.light}"/>
      <path d="M285 130 L285 350 M300 120 L300 360 M315 130 L315 350" stroke="${wood.mid}" stroke-width="3" opacity="0.6"/>
      <circle cx="300" cy="140" r="12" fill="#f5e6d3" stroke="${wood.mid}" stroke-width="4"/>
      <circle cx="300" cy="420" r="80" fill="${wood.mid}"/>
      <circle cx="300" cy="420" r="68" fill="#e6c48f"/>
      ${Array.from({ length: 30 }, (_, i) => {
        const a = (i / 30) * Math.PI * 2;
        return `<line x1="${300 + Math.cos(a) * 20}" y1="${420 + Math.sin(a) * 20}" x2="${300 + Math.cos(a) * 66}" y2="${420 + Math.sin(a) * 66}" stroke="#c9a36a" stroke-width="5"/>`;
      }).join('')}
    </g>
    <circle cx="430" cy="200" r="22" fill="#fff" opacity="0.7"/><circle cx="465" cy="240" r="14" fill="#fff" opacity="0.7"/>
    <circle cx="410" cy="250" r="10" fill="#fff" opacity="0.7"/>
  `,
  'camiseta-algodon-organico': () => `
    ${shadow(300, 510, 170)}
    <path d="M225 120 Q 300 165 375 120 L 480 170 L 445 265 L 400 245 L 400 490 L 200 490 L 200 245 L 155 265 L 120 170 Z"
      fill="#f5f5f0" stroke="#c5d6c0" stroke-width="6" stroke-linejoin="round"/>
    <path d="M240 126 Q 300 185 360 126" fill="none" stroke="${green.soft}" stroke-width="10"/>
    ${leaf(270, 300, 70, -45, green.mid)}${leaf(275, 305, 55, -110, green.leaf)}
    <path d="M200 455 L400 455" stroke="#dfe8da" stroke-width="5"/>
  `,
  'bolso-tote-lona-reciclada': () => `
    ${shadow(300, 505, 160)}
    <path d="M235 250 C 235 120 365 120 365 250" fill="none" stroke="#a1887f" stroke-width="18"/>
    <path d="M170 230 L430 230 L450 495 L150 495 Z" fill="#e8dcc0"/>
    <path d="M170 230 L430 230 L432 262 L168 262 Z" fill="#d9c9a5"/>
    <g transform="translate(300 380)" fill="none" stroke="${green.dark}" stroke-width="14" stroke-linecap="round">
      ${[0, 120, 240].map((a) => `<g transform="rotate(${a})"><path d="M-35 -35 A 50 50 0 0 1 35 -35"/><path d="M22 -52 L38 -33 L15 -22" stroke-linejoin="round"/></g>`).join('')}
    </g>
  `,
  'zapatillas-de-canamo': () => `
    ${shadow(300, 470, 220)}
    <path d="M110 440 L110 380 Q 120 330 190 320 L 260 300 Q 300 260 340 280 L 400 330 Q 480 350 500 400 L 500 440 Z"
      fill="#d7ccaa"/>
    ${Array.from({ length: 12 }, (_, i) => `<path d="M${140 + i * 30} 330 L ${140 + i * 30} 430" stroke="#c2b58f" stroke-width="3"/>`).join('')}
    <path d="M100 440 L510 440 Q 515 465 490 470 L 115 470 Q 95 465 100 440 Z" fill="#f5f5f5" stroke="#bdbdbd" stroke-width="4"/>
    <path d="M100 452 L510 452" stroke="${green.mid}" stroke-width="6"/>
    ${[0, 1, 2, 3].map((i) => `<path d="M${262 + i * 24} ${300 + i * 12} l 30 -12" stroke="${green.dark}" stroke-width="7" stroke-linecap="round"/>`).join('')}
    <path d="M340 280 Q 330 240 360 230" stroke="#c2b58f" stroke-width="10" fill="none"/>
  `,
  'calcetines-de-bambu': () => {
    const sock = (x: number, angle: number, stripe: string) => `
      <g transform="translate(${x} 120) rotate(${angle})">
        <path d="M0 0 L90 0 L90 230 Q 90 270 130 290 L 190 310 Q 230 330 210 370 Q 190 400 140 385 L 40 340 Q 0 320 0 270 Z" fill="#fafaf5" stroke="#cfd8c8" stroke-width="5"/>
        <rect x="-2" y="0" width="94" height="40" fill="${stripe}"/>
        ${[80, 130, 180].map((y) => `<rect x="0" y="${y}" width="90" height="18" fill="${stripe}" opacity="0.85"/>`).join('')}
        <path d="M150 385 Q 220 390 212 340" fill="${stripe}" opacity="0.9"/>
      </g>`;
    return `${shadow(300, 500, 170)}${sock(160, -6, green.mid)}${sock(290, 6, green.leaf)}`;
  },
  'cepillo-de-dientes-bambu': () => `
    ${shadow(300, 480, 200)}
    <g transform="rotate(-35 300 300)">
      <rect x="90" y="280" width="360" height="44" rx="22" fill="${wood.light}"/>
      <path d="M110 295 L420 295 M110 310 L420 310" stroke="${wood.mid}" stroke-width="3" opacity="0.6"/>
      <rect x="410" y="284" width="110" height="36" rx="12" fill="${wood.mid}"/>
      ${Array.from({ length: 10 }, (_, i) => `<rect x="${418 + i * 10}" y="238" width="7" height="48" rx="3" fill="${i % 2 ? '#ffffff' : green.pale}"/>`).join('')}
      <circle cx="130" cy="302" r="8" fill="${wood.dark}"/>
    </g>
    ${leaf(150, 470, 80, -20)}${leaf(150, 470, 70, -80, green.mid)}
  `,
  'champu-solido-romero': () => `
    ${shadow(300, 470, 170)}
    <ellipse cx="300" cy="420" rx="170" ry="55" fill="#90a4ae"/>
    <rect x="130" y="360" width="340" height="60" fill="#b0bec5"/>
    <ellipse cx="300" cy="360" rx="170" ry="55" fill="#cfd8dc"/>
    <ellipse cx="300" cy="350" rx="130" ry="40" fill="#a5c79b"/>
    <rect x="170" y="320" width="260" height="30" fill="#a5c79b"/>
    <ellipse cx="300" cy="320" rx="130" ry="40" fill="#c5e1a5"/>
    ${[0, 1, 2, 3, 4, 5, 6].map((i) => `<circle cx="${220 + i * 27}" cy="${315 + (i % 2 ? 10 : -8)}" r="4" fill="${green.dark}" opacity="0.5"/>`).join('')}
    ${sprig(170, 230, 260, -10, green.dark)}
  `,
  'desodorante-natural-barra': () => `
    ${shadow(300, 500, 120)}
    <rect x="230" y="160" width="140" height="340" rx="14" fill="${kraft}"/>
    <rect x="230" y="160" width="140" height="40" rx="14" fill="#c8a877"/>
    <rect x="230" y="270" width="140" height="140" fill="#fffaf0"/>
    <circle cx="300" cy="340" r="44" fill="#fff176"/>
    ${Array.from({ length: 8 }, (_, i) => {
      const a = (i / 8) * Math.PI * 2;
      return `<line x1="300" y1="340" x2="${300 + Math.cos(a) * 40}" y2="${340 + Math.sin(a) * 40}" stroke="#fbc02d" stroke-width="4"/>`;
    }).join('')}
    <circle cx="300" cy="340" r="10" fill="#fbc02d"/>
    ${leaf(330, 300, 60, -40, green.mid)}
    <rect x="230" y="180" width="16" height="320" fill="#fff" opacity="0.25"/>
  `,
  'aceite-facial-rosa-mosqueta': () => `
    ${shadow(300, 500, 130)}
    <rect x="275" y="110" width="50" height="70" rx="22" fill="#37474f"/>
    <rect x="262" y="170" width="76" height="40" rx="8" fill="#263238"/>
    <path d="M230 240 Q 230 205 265 205 L 335 205 Q 370 205 370 240 L 370 470 Q 370 495 345 495 L 255 495 Q 230 495 230 470 Z" fill="#b2541b" opacity="0.92"/>
    <rect x="245" y="300" width="110" height="120" rx="8" fill="#fff5ee"/>
    ${[0, 72, 144, 216, 288].map((a) => `<ellipse cx="300" cy="345" rx="12" ry="22" fill="#e57373" transform="rotate(${a} 300 360)"/>`).join('')}
    <circle cx="300" cy="360" r="8" fill="#ffd54f"/>
    <rect x="245" y="230" width="14" height="230" rx="7" fill="#fff" opacity="0.2"/>
    ${[0, 1, 2].map((i) => `<ellipse cx="${430 + i * 20}" cy="${430 - i * 40}" rx="16" ry="26" fill="#ef9a9a" transform="rotate(${30 + i * 25} ${430 + i * 20} ${430 - i * 40})"/>`).join('')}
  `,
  'cafe-ecologico-comercio-justo': () => `
    ${shadow(300, 505, 170)}
    <path d="M190 170 L410 170 L430 500 L170 500 Z" fill="${kraft}"/>
    <path d="M190 170 L410 170 L405 130 L195 130 Z" fill="#c8a877"/>
    ${Array.from({ length: 7 }, (_, i) => `<path d="M${200 + i * 30} 130 l 15 -12 l 15 12" fill="#c8a877"/>`).join('')}
    <rect x="230" y="260" width="140" height="150" rx="70" fill="#4e342e"/>
    ${Array.from({ length: 9 }, (_, i) => `<ellipse cx="${255 + (i % 3) * 45}" cy="${295 + Math.floor(i / 3) * 40}" rx="16" ry="11" fill="#6d4c41" transform="rotate(${i * 25} ${255 + (i % 3) * 45} ${295 + Math.floor(i / 3) * 40})"/>`).join('')}
    ${leaf(265, 440, 70, -20, green.mid)}
    ${[0, 1, 2, 3].map((i) => `<g transform="translate(${120 + i * 35 + (i % 2) * 350} ${470 - (i % 2) * 30}) rotate(${i * 40})"><ellipse rx="20" ry="14" fill="#5d4037"/><path d="M-16 0 Q 0 -6 16 0" stroke="#3e2723" stroke-width="3" fill="none"/></g>`).join('')}
  `,
  'te-verde-matcha-ecologico': () => `
    ${shadow(300, 480, 190)}
    <path d="M140 330 Q 150 470 300 475 Q 450 470 460 330 Z" fill="#eceff1"/>
    <ellipse cx="300" cy="330" rx="160" ry="40" fill="#cfd8dc"/>
    <ellipse cx="300" cy="332" rx="140" ry="30" fill="#7cb342"/>
    <path d="M220 335 q 40 -20 80 0 t 80 0" stroke="#aed581" stroke-width="5" fill="none"/>
    <path d="M150 380 Q 300 420 450 380" stroke="${green.mist}" stroke-width="10" fill="none"/>
    <g transform="translate(470 200) rotate(20)">
      <rect x="-14" y="-90" width="28" height="90" rx="10" fill="${wood.light}"/>
      ${Array.from({ length: 9 }, (_, i) => `<path d="M0 0 Q ${-40 + i * 10} 60 ${-36 + i * 9} 110" stroke="#e6d2a8" stroke-width="5" fill="none"/>`).join('')}
    </g>
    ${leaf(120, 250, 70, -50, green.mid)}${leaf(120, 250, 60, -110, green.leaf)}
  `,
  'miel-cruda-de-azahar': () => {
    const hex = (cx: number, cy: number, r: number, fill: string) =>
      `<polygon points="${[0, 1, 2, 3, 4, 5].map((k) => `${cx + r * Math.cos((Math.PI / 3) * k)},${cy + r * Math.sin((Math.PI / 3) * k)}`).join(' ')}" fill="${fill}"/>`;
    return `
    ${shadow(300, 500, 150)}
    <rect x="215" y="150" width="170" height="50" rx="10" fill="${wood.mid}"/>
    <path d="M200 230 Q 200 200 230 200 L 370 200 Q 400 200 400 230 L 400 470 Q 400 500 370 500 L 230 500 Q 200 500 200 470 Z" fill="#f9a825" opacity="0.95"/>
    <rect x="220" y="210" width="16" height="270" rx="8" fill="#fff" opacity="0.3"/>
    ${hex(300, 350, 60, '#fff8e1')}${hex(300, 350, 44, '#ffe082')}
    ${[0, 72, 144, 216, 288].map((a) => `<ellipse cx="470" cy="220" rx="10" ry="22" fill="#fffdf5" transform="rotate(${a} 470 240)"/>`).join('')}
    <circle cx="470" cy="240" r="7" fill="#ffca28"/>
    ${leaf(455, 270, 60, 110, green.mid)}
    <g transform="translate(130 260) rotate(-25)"><rect x="-6" y="0" width="12" height="170" rx="6" fill="${wood.dark}"/>
      ${[0, 1, 2].map((i) => `<ellipse cx="0" cy="${170 + i * 16}" rx="${20 - i * 3}" ry="8" fill="${wood.mid}"/>`).join('')}</g>`;
  },
  'aceite-oliva-virgen-extra': () => `
    ${shadow(300, 505, 120)}
    <rect x="280" y="90" width="40" height="40" rx="6" fill="#33691e"/>
    <path d="M285 130 L315 130 L318 200 Q 370 225 370 280 L 370 480 Q 370 500 350 500 L 250 500 Q 230 500 230 480 L 230 280 Q 230 225 282 200 Z" fill="#33691e"/>
    <rect x="240" y="320" width="120" height="120" rx="8" fill="#f9fbe7"/>
    <ellipse cx="300" cy="380" rx="22" ry="30" fill="#827717"/>
    <ellipse cx="293" cy="370" rx="6" ry="9" fill="#c0ca33" opacity="0.6"/>
    <rect x="248" y="240" width="12" height="240" rx="6" fill="#fff" opacity="0.18"/>
    <g transform="translate(400 420) rotate(-60)">
      <path d="M0 0 L170 0" stroke="#5d4037" stroke-width="6" stroke-linecap="round"/>
      ${[30, 70, 110, 150].map((x, i) => `${leaf(x, 0, 60, i % 2 ? 35 : -35, '#9ccc65', '#558b2f')}`).join('')}
      <ellipse cx="90" cy="22" rx="14" ry="20" fill="#558b2f"/><ellipse cx="130" cy="-22" rx="14" ry="20" fill="#33691e"/>
    </g>
  `,
  'cargador-solar-portatil': () => `
    <circle cx="470" cy="140" r="50" fill="#ffca28"/>
    ${Array.from({ length: 10 }, (_, i) => {
      const a = (i / 10) * Math.PI * 2;
      return `<line x1="${470 + Math.cos(a) * 62}" y1="${140 + Math.sin(a) * 62}" x2="${470 + Math.cos(a) * 84}" y2="${140 + Math.sin(a) * 84}" stroke="#ffca28" stroke-width="8" stroke-linecap="round"/>`;
    }).join('')}
    ${shadow(290, 495, 220)}
    ${[0, 1]
      .map(
        (p) => `<g transform="translate(${90 + p * 200} 220)">
        <rect width="190" height="260" rx="10" fill="#263238"/>
        ${Array.from({ length: 12 }, (_, i) => `<rect x="${12 + (i % 3) * 57}" y="${12 + Math.floor(i / 3) * 60}" width="52" height="55" rx="3" fill="#1e88e5" opacity="${0.75 + (i % 2) * 0.15}"/>`).join('')}
      </g>`,
      )
      .join('')}
    <rect x="278" y="220" width="14" height="260" fill="${green.dark}"/>
    <rect x="400" y="440" width="80" height="50" rx="8" fill="#455a64"/>
    <rect x="412" y="455" width="22" height="12" rx="2" fill="#cfd8dc"/><rect x="446" y="455" width="22" height="12" rx="2" fill="#cfd8dc"/>
  `,
  'funda-movil-compostable': () => `
    ${shadow(300, 510, 130)}
    <rect x="195" y="90" width="210" height="410" rx="40" fill="#a1887f"/>
    <rect x="205" y="100" width="190" height="390" rx="32" fill="#d7c4a8"/>
    ${Array.from({ length: 40 }, (_, i) => `<circle cx="${215 + ((i * 53) % 175)}" cy="${110 + ((i * 97) % 370)}" r="2.5" fill="#a1887f" opacity="0.6"/>`).join('')}
    <rect x="225" y="120" width="80" height="110" rx="22" fill="#6d4c41"/>
    <circle cx="250" cy="150" r="17" fill="#37474f"/><circle cx="250" cy="200" r="17" fill="#37474f"/>
    <circle cx="285" cy="150" r="7" fill="#ffee58"/>
    ${leaf(260, 380, 90, -30, green.mid)}${leaf(262, 382, 70, -85, green.leaf)}
  `,
  'auriculares-de-bambu': () => `
    ${shadow(300, 500, 180)}
    <path d="M150 380 L150 300 Q 150 130 300 130 Q 450 130 450 300 L 450 380" fill="none" stroke="#37474f" stroke-width="28" stroke-linecap="round"/>
    <path d="M175 300 Q 175 160 300 160 Q 425 160 425 300" fill="none" stroke="#90a4ae" stroke-width="8"/>
    ${[150, 450]
      .map(
        (x) => `<g transform="translate(${x} 400)">
        <ellipse rx="70" ry="90" fill="${wood.mid}"/>
        ${[-40, -20, 0, 20, 40].map((dx) => `<path d="M${dx} -85 Q ${dx + 6} 0 ${dx} 85" stroke="${wood.dark}" stroke-width="3" fill="none" opacity="0.45"/>`).join('')}
        <ellipse cx="${x < 300 ? 40 : -40}" rx="30" ry="78" fill="#b08d57"/>
      </g>`,
      )
      .join('')}
    ${leaf(300, 260, 70, -60, green.mid)}${leaf(300, 260, 60, -120, green.leaf)}
  `,
  'bombilla-led-bajo-consumo': () => `
    <circle cx="300" cy="250" r="190" fill="#fff59d" opacity="0.35"/>
    <circle cx="300" cy="250" r="150" fill="#fff59d" opacity="0.35"/>
    ${shadow(300, 510, 90)}
    <path d="M300 100 C 390 100 430 170 420 240 C 410 300 360 330 355 390 L 245 390 C 240 330 190 300 180 240 C 170 170 210 100 300 100 Z" fill="#fffde7" stroke="#fbc02d" stroke-width="6"/>
    <path d="M270 390 L270 310 Q 300 270 330 310 L 330 390" stroke="${green.mid}" stroke-width="8" fill="none"/>
    ${leaf(300, 300, 70, -90, green.leaf)}
    <rect x="245" y="390" width="110" height="26" rx="6" fill="#90a4ae"/>
    <rect x="250" y="418" width="100" height="22" rx="6" fill="#b0bec5"/>
    <rect x="255" y="442" width="90" height="22" rx="6" fill="#90a4ae"/>
    <path d="M275 466 L325 466 L310 495 L290 495 Z" fill="#546e7a"/>
  `,
  'bloques-de-madera': () => {
    const block = (x: number, y: number, face: string, mark: string) => `
      <g transform="translate(${x} ${y})">
        <path d="M0 0 L110 0 L140 -30 L30 -30 Z" fill="${wood.light}"/>
        <path d="M110 0 L140 -30 L140 80 L110 110 Z" fill="${wood.mid}"/>
        <rect width="110" height="110" fill="${face}"/>
        ${mark}
      </g>`;
    return `
    ${shadow(300, 505, 210)}
    ${block(130, 390, '#e8c39e', `<circle cx="55" cy="55" r="30" fill="${green.mid}"/>`)}
    ${block(245, 390, '#f0d2ad', '<polygon points="55,20 90,88 20,88" fill="#ffb74d"/>')}
    ${block(360, 390, '#e8c39e', '<rect x="25" y="25" width="60" height="60" rx="8" fill="#4fc3f7"/>')}
    ${block(185, 275, '#f0d2ad', '<polygon points="55,18 65,45 94,45 70,62 79,90 55,73 31,90 40,62 16,45 45,45" fill="#e57373"/>')}
    ${block(300, 275, '#e8c39e', leaf(20, 55, 70, 0, green.leaf))}
    ${block(242, 160, '#f0d2ad', '<path d="M55 88 C 10 55 25 20 55 40 C 85 20 100 55 55 88 Z" fill="#f06292"/>')}`;
  },
  'panales-de-tela-reutilizables': () => `
    ${shadow(300, 480, 190)}
    <path d="M120 200 L480 200 Q 470 300 380 330 Q 330 350 330 440 L 270 440 Q 270 350 220 330 Q 130 300 120 200 Z" fill="#e0f2f1" stroke="#80cbc4" stroke-width="6"/>
    ${[
      [200, 260],
      [300, 280],
      [400, 260],
      [300, 380],
    ]
      .map(
        ([x, y]) =>
          `<g transform="translate(${x} ${y})"><circle cx="-14" cy="4" r="14" fill="#fff"/><circle cx="6" cy="-6" r="18" fill="#fff"/><circle cx="22" cy="6" r="12" fill="#fff"/><rect x="-14" y="4" width="36" height="14" fill="#fff"/></g>`,
      )
      .join('')}
    <rect x="120" y="200" width="360" height="30" fill="${green.soft}"/>
    ${[150, 190, 410, 450].map((x) => `<circle cx="${x}" cy="215" r="8" fill="#fff" stroke="${green.dark}" stroke-width="3"/>`).join('')}
  `,
  'babero-algodon-organico': () => `
    ${shadow(300, 500, 150)}
    <path d="M300 170 C 200 170 160 250 170 340 C 180 440 240 490 300 490 C 360 490 420 440 430 340 C 440 250 400 170 300 170 Z" fill="#fffaf0" stroke="#c5e1a5" stroke-width="10"/>
    <circle cx="300" cy="215" r="55" fill="url(#bg)"/>
    <path d="M250 190 Q 300 110 350 190" fill="none" stroke="#c5e1a5" stroke-width="16" stroke-linecap="round"/>
    ${Array.from({ length: 16 }, (_, i) => `<circle cx="${205 + (i % 4) * 62 + (Math.floor(i / 4) % 2) * 30}" cy="${300 + Math.floor(i / 4) * 45}" r="9" fill="${i % 3 ? green.soft : '#ffcc80'}"/>`).join('')}
    <circle cx="352" cy="190" r="9" fill="${green.dark}"/>
  `,
  'vajilla-infantil-bambu': () => `
    ${shadow(300, 500, 220)}
    <ellipse cx="260" cy="420" rx="170" ry="70" fill="#e0d6c2"/>
    <ellipse cx="260" cy="410" rx="140" ry="55" fill="#f3ede0"/>
    <path d="M340 300 Q 350 390 420 395 Q 500 390 505 300 Z" fill="#a5d6a7"/>
    <ellipse cx="422" cy="300" rx="83" ry="24" fill="#c8e6c9"/>
    <ellipse cx="422" cy="302" rx="70" ry="16" fill="#ffe0b2"/>
    <g transform="translate(130 270) rotate(-35)"><rect x="-7" y="0" width="14" height="150" rx="7" fill="#ffcc80"/><ellipse cy="-10" rx="24" ry="34" fill="#ffcc80"/></g>
    <circle cx="230" cy="400" r="22" fill="#ef9a9a"/><circle cx="275" cy="415" r="18" fill="#aed581"/><circle cx="300" cy="395" r="14" fill="#ffd54f"/>
  `,
};

/** The category images: one composed object each, a little larger and simpler than a product's. */
const categories: Record<string, () => string> = {
  'hogar-y-estilo-de-vida': () => `
    ${shadow(300, 495, 200)}
    <path d="M150 300 L300 165 L450 300 L450 490 L150 490 Z" fill="#fffaf0"/>
    <path d="M120 310 L300 145 L480 310" fill="none" stroke="${green.dark}" stroke-width="26" stroke-linejoin="round" stroke-linecap="round"/>
    <rect x="265" y="380" width="70" height="110" rx="8" fill="${wood.mid}"/>
    <rect x="185" y="330" width="60" height="60" rx="6" fill="#b3e5fc"/><rect x="355" y="330" width="60" height="60" rx="6" fill="#b3e5fc"/>
    ${leaf(420, 250, 90, -60, green.leaf)}${leaf(420, 250, 70, -10, green.mid)}
  `,
  'ropa-y-moda-sostenible': () => `
    ${shadow(300, 505, 180)}
    <path d="M300 150 q 0 -40 30 -40 q 25 0 25 25" fill="none" stroke="#78909c" stroke-width="10" stroke-linecap="round"/>
    <path d="M300 150 L140 230 L460 230 Z" fill="none" stroke="#78909c" stroke-width="10" stroke-linejoin="round"/>
    <path d="M235 210 Q 300 245 365 210 L 450 250 L 420 320 L 385 305 L 385 490 L 215 490 L 215 305 L 180 320 L 150 250 Z" fill="${green.leaf}"/>
    <path d="M245 214 Q 300 260 355 214" fill="none" stroke="${green.dark}" stroke-width="8"/>
    ${leaf(265, 380, 70, -40, green.cream, green.mid)}
  `,
  'cuidado-personal': () => `
    ${shadow(300, 500, 190)}
    <rect x="160" y="320" width="280" height="160" rx="50" fill="#c8e6c9"/>
    <rect x="180" y="335" width="240" height="120" rx="40" fill="#e8f5e9"/>
    ${leaf(250, 395, 80, -20, green.mid)}
    <path d="M300 120 C 350 190 370 230 370 260 C 370 300 340 320 300 320 C 260 320 230 300 230 260 C 230 230 250 190 300 120 Z" fill="#4fc3f7" opacity="0.85"/>
    ${[
      [430, 270, 30],
      [470, 210, 18],
      [160, 250, 24],
      [130, 300, 14],
    ]
      .map(
        ([x, y, r]) =>
          `<circle cx="${x}" cy="${y}" r="${r}" fill="#fff" opacity="0.7" stroke="#b2dfdb" stroke-width="3"/>`,
      )
      .join('')}
  `,
  'comida-y-bebida-sostenible': () => `
    ${shadow(300, 505, 210)}
    <circle cx="230" cy="330" r="70" fill="#e53935"/><circle cx="320" cy="300" r="65" fill="#fb8c00"/>
    <circle cx="390" cy="340" r="60" fill="#8bc34a"/>
    ${leaf(230, 262, 50, -60, green.mid)}${leaf(320, 236, 50, -120, green.dark)}
    <path d="M120 360 L480 360 L440 495 L160 495 Z" fill="${wood.mid}"/>
    ${[0, 1, 2].map((i) => `<path d="M${135 + i * 8} ${390 + i * 35} L${465 - i * 8} ${390 + i * 35}" stroke="${wood.dark}" stroke-width="6"/>`).join('')}
    <path d="M120 360 L480 360" stroke="${wood.deep}" stroke-width="14" stroke-linecap="round"/>
  `,
  tecnologia: () => `
    ${shadow(300, 505, 150)}
    <rect x="200" y="100" width="200" height="400" rx="34" fill="#263238"/>
    <rect x="214" y="140" width="172" height="320" rx="10" fill="#e0f2f1"/>
    <rect x="270" y="115" width="60" height="10" rx="5" fill="#455a64"/>
    <rect x="245" y="210" width="110" height="180" rx="14" fill="none" stroke="${green.dark}" stroke-width="10"/>
    <rect x="280" y="196" width="40" height="16" rx="4" fill="${green.dark}"/>
    <rect x="258" y="290" width="84" height="88" rx="6" fill="${green.leaf}"/>
    ${leaf(300, 282, 60, -90, green.dark, green.cream)}
  `,
  'bebes-y-ninos': () => `
    ${shadow(300, 505, 170)}
    <circle cx="215" cy="170" r="45" fill="${wood.mid}"/><circle cx="385" cy="170" r="45" fill="${wood.mid}"/>
    <circle cx="215" cy="170" r="25" fill="#f3d9b1"/><circle cx="385" cy="170" r="25" fill="#f3d9b1"/>
    <ellipse cx="300" cy="400" rx="130" ry="100" fill="${wood.mid}"/>
    <ellipse cx="300" cy="410" rx="75" ry="65" fill="#f3d9b1"/>
    <circle cx="300" cy="250" r="110" fill="${wood.light}"/>
    <ellipse cx="300" cy="285" rx="48" ry="38" fill="#f3d9b1"/>
    <circle cx="260" cy="235" r="12" fill="#3e2723"/><circle cx="340" cy="235" r="12" fill="#3e2723"/>
    <ellipse cx="300" cy="272" rx="16" ry="11" fill="#3e2723"/>
    <path d="M285 300 Q 300 312 315 300" stroke="#3e2723" stroke-width="5" fill="none" stroke-linecap="round"/>
    ${leaf(380, 330, 70, -30, green.leaf)}
  `,
};

async function write(file: string, category: string, body: string) {
  const webp = await sharp(Buffer.from(frame(category, body)))
    .webp({ quality: 82, effort: 6 })
    .toBuffer();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, webp);
  console.log(`${path.relative(ASSETS, file)} ${(webp.length / 1024).toFixed(1)} KiB`);
}

for (const [slug, draw] of Object.entries(categories))
  await write(path.join(ASSETS, 'categories', `${slug}.webp`), slug, draw());
for (const product of demo) {
  const draw = products[product.slug];
  if (!draw) throw new Error(`no drawing for demo product ${product.slug}`);
  await write(path.join(ASSETS, product.image), product.category, draw());
}
