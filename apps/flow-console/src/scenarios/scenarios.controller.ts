import { BadGatewayException, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ServiceReader } from '../orders/service-reader';
import { isScenario, SCENARIOS, scenarioBody } from '@ecom/contracts';

/** "Try it": places a scenario's order through order-service's public API, as a client would. */
@Controller('api/scenarios')
export class ScenariosController {
  constructor(private readonly reader: ServiceReader) {}

  @Get()
  list() {
    return Object.entries(SCENARIOS).map(([name, scenario]) => ({ name, title: scenario.title, expect: scenario.expect }));
  }

  @Post(':name')
  @HttpCode(201)
  async place(@Param('name') name: string) {
    if (!isScenario(name)) throw new NotFoundException(`no scenario '${name.slice(0, 60)}'; try one of ${Object.keys(SCENARIOS).join(', ')}`);
    const body = scenarioBody(name, randomUUID().slice(0, 8).toUpperCase());
    const created = await this.post('/orders', body);
    const orderId = (created as { orderId: string }).orderId;
    // The cancel goes at once: depending on the race it lands as `cancelled` or `cancelling`.
    const cancel = 'cancel' in SCENARIOS[name] ? await this.post(`/orders/${orderId}/cancel`, {}) : undefined;
    return { scenario: name, ...(created as object), cancel };
  }

  private async post(path: string, body: object): Promise<unknown> {
    const url = `${this.reader.url('order-service')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers: { ...this.reader.headers, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
    } catch (error) {
      throw new BadGatewayException(`order-service did not answer: ${(error as Error).message}`);
    }
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new BadGatewayException({ statusCode: 502, message: `order-service answered ${response.status}`, answer });
    return answer;
  }
}
