import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** Plain node:http with keep-alive: the cheapest client, so the bench takes little of the CPU it measures. */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /**
   * One request. A kept-alive socket the server closed just as it was reused fails with
   * ECONNRESET before the server read anything; Node's docs advise to send it again then.
   */
  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
    try {
      return await this.once(method, path, body);
    } catch (error) {
      if ((error as { reusedSocket?: boolean }).reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
        return this.once(method, path, body);
      }
      throw error;
    }
  }

  private once(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          method,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket, request: `${method} ${url.href}` })));
      req.end(payload);
    });
  }

  /** POST /orders; the order id from the 201 and when the request went out and was answered. */
  async postOrder(body: unknown): Promise<{ orderId: string; sentAt: number; answeredAt: number }> {
    const sentAt = performance.now();
    const response = await this.call('POST', '/orders', body);
    const answeredAt = performance.now();
    if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}: ${response.text.slice(0, 300)}`);
    return { orderId: (JSON.parse(response.text) as { orderId: string }).orderId, sentAt, answeredAt };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `count` tasks with at most `concurrency` at once; rejects on the first failure. */
export async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}
