import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { join } from 'node:path';

/** The page and its assets ship beside dist/ (apps/flow-console/public): plain files, no bundler. */
export const PUBLIC_DIR = join(__dirname, '..', '..', 'public');

const ASSETS: Record<string, string> = { 'app.js': 'text/javascript', 'style.css': 'text/css' };

/**
 * One page for every view: the script picks the view from the path, so `/orders/<id>` and
 * `/dead-letters/<queue>` are shareable URLs.
 */
@Controller()
export class PagesController {
  @Get(['/', 'orders/:id', 'dead-letters', 'dead-letters/:queue', 'try'])
  @Header('Cache-Control', 'no-store')
  page(@Res() res: Response): void {
    res.sendFile(join(PUBLIC_DIR, 'index.html'));
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const type = ASSETS[name];
    if (!type) {
      res.status(404).json({ statusCode: 404, message: 'not found' });
      return;
    }
    res.type(type).sendFile(join(PUBLIC_DIR, name));
  }
}
