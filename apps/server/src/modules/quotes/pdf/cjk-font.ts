import { existsSync } from 'node:fs';
import { ApiError } from '../../../http/errors.js';

/**
 * Fonts with Chinese glyphs that Debian packages install (fonts-wqy-zenhei is in the install steps;
 * fonts-noto-cjk works too). CRM_PDF_FONT (+ CRM_PDF_FONT_NAME for a .ttc face) overrides.
 */
const CANDIDATES: [path: string, face?: string][] = [
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/usr/share/fonts/truetype/arphic/uming.ttc', 'AR-PL-UMing-CN'],
];

export interface FontChoice {
  path: string;
  face?: string;
}

export function findCjkFont(env: NodeJS.ProcessEnv = process.env): FontChoice | null {
  if (env.CRM_PDF_FONT) return existsSync(env.CRM_PDF_FONT) ? { path: env.CRM_PDF_FONT, face: env.CRM_PDF_FONT_NAME } : null;
  const found = CANDIDATES.find(([path]) => existsSync(path));
  return found ? { path: found[0], face: found[1] } : null;
}

export const FONT_MISSING =
  'No font with Chinese characters is installed, so the PDF cannot be rendered. Install one: ' +
  'apt-get install fonts-wqy-zenhei (or fonts-noto-cjk), or set CRM_PDF_FONT to a .ttf/.otf/.ttc file.';

export function requireCjkFont(env: NodeJS.ProcessEnv = process.env): FontChoice {
  const font = findCjkFont(env);
  if (!font) throw new ApiError('internal', FONT_MISSING, [{ path: 'font', message: 'no CJK font installed' }]);
  return font;
}
