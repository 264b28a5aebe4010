import { type ReplaySelection } from '@ecom/rabbit/dlq';
import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post, UseFilters } from '@nestjs/common';
import { DeadLettersService } from './dead-letters.service';
import { BrokerErrorsFilter } from './broker-errors.filter';

/** Dead-letter queues: counts, messages, replay. */
@Controller('api/dead-letters')
@UseFilters(BrokerErrorsFilter)
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  overview() {
    return this.deadLetters.overview();
  }

  @Get(':queue')
  list(@Param('queue') queue: string) {
    return this.deadLetters.list(queue);
  }

  /**
   * `{"ids": [...]}` or `{"all": true}`. 200 with the report; 404 when every message asked for is
   * already gone (replayed by someone else, or purged), naming them.
   */
  @Post(':queue/replay')
  @HttpCode(200)
  async replay(@Param('queue') queue: string, @Body() body: unknown) {
    const selection = parseSelection(body);
    const report = await this.deadLetters.replay(queue, selection);
    if ('ids' in selection && report.replayed === 0 && report.notFound.length > 0) {
      throw new NotFoundException({ statusCode: 404, message: `already gone from ${queue}: ${report.notFound.join(', ')}`, report });
    }
    return report;
  }
}

export function parseSelection(body: unknown): ReplaySelection {
  const value = (body ?? {}) as { ids?: unknown; all?: unknown };
  if (value.all === true && value.ids === undefined) return { all: true };
  const ids = value.ids;
  if (value.all === undefined && Array.isArray(ids) && ids.length > 0 && ids.length <= 1000 && ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 200)) {
    return { ids: ids as string[] };
  }
  throw new BadRequestException('body must be {"ids": ["<message id>", …]} (1–1000 ids) or {"all": true}');
}
