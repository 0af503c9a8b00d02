/**
 * A local stand-in for the Stripe API endpoints DialerSeat calls, at the HTTP boundary: the real SDK
 * talks to it over HTTP, so request encoding, auth, idempotency and error mapping are exercised for
 * real. State lives in memory; test controls shape it. Webhooks are signed with Stripe's own helper.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

type Obj = Record<string, unknown>;

export type FakeStripeOptions = {
  secretKey?: string;
  webhookSecret?: string;
  /** The fake's clock for `created` and period timestamps. */
  now?: () => Date;
};

export type RecordedRequest = {
  method: string;
  path: string;
  query: Obj;
  form: Obj;
  idempotencyKey: string | undefined;
  replayed: boolean;
};

export type FakeCard = { brand?: string; last4?: string; expMonth?: number; expYear?: number };

type StoredResponse = { fingerprint: string; status: number; body: string };

const WEEK_SECONDS = 7 * 24 * 60 * 60;

export class FakeStripe {
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly host = '127.0.0.1';
  readonly protocol = 'http' as const;
  /** Every request that reached a route, in order (auth failures included). */
  readonly requests: RecordedRequest[] = [];

  private readonly objects = new Map<string, Obj>();
  private readonly idempotent = new Map<string, StoredResponse>();
  private readonly failures: { status: number; error: Obj }[] = [];
  private readonly now: () => Date;
  private seq = 0;
  private server: Server | undefined;
  private _port = 0;

  constructor(opts: FakeStripeOptions = {}) {
    this.secretKey = opts.secretKey ?? 'sk_test_fake_dialerseat';
    this.webhookSecret = opts.webhookSecret ?? 'whsec_fake_dialerseat';
    this.now = opts.now ?? (() => new Date());
    this.addPrice({ id: 'price_standard_weekly', unitAmount: 2900 });
  }

  get port(): number {
    return this._port;
  }

  /** Options for StripePayments pointing at this fake; retries off so failures surface at once. */
  adapterOptions() {
    return {
      secretKey: this.secretKey,
      webhookSecret: this.webhookSecret,
      host: this.host,
      port: this.port,
      protocol: this.protocol,
      maxNetworkRetries: 0,
    };
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        send(res, 500, { error: { type: 'api_error', message: `fake-stripe crashed: ${(e as Error).message}` } });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, this.host, resolve));
    this.server = server;
    this._port = (server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // The SDK keeps sockets alive; without this, close() would wait for them to idle out.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  }

  // ---- test controls -------------------------------------------------------------------------

  addPrice(input: {
    id: string;
    unitAmount: number;
    interval?: 'day' | 'week' | 'month' | 'year' | null;
    currency?: string;
  }): Obj {
    const price: Obj = {
      id: input.id,
      object: 'price',
      active: true,
      currency: input.currency ?? 'usd',
      unit_amount: input.unitAmount,
      type: input.interval === null ? 'one_time' : 'recurring',
      recurring:
        input.interval === null
          ? null
          : { interval: input.interval ?? 'week', interval_count: 1, usage_type: 'licensed' },
      product: 'prod_dialerseat',
      livemode: false,
    };
    return this.put(price);
  }

  addCustomer(input: { email?: string; name?: string; metadata?: Record<string, string> } = {}): Obj {
    return this.put(this.newCustomer(input));
  }

  /** A card PaymentMethod carrying the fields a real one does, so tests can prove we drop them. */
  addPaymentMethod(card: FakeCard = {}, customer: string | null = null): Obj {
    return this.put({
      id: this.id('pm'),
      object: 'payment_method',
      type: 'card',
      customer,
      created: this.unix(),
      livemode: false,
      billing_details: {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+15555550100',
        address: {
          line1: '1 Analytical Way',
          city: 'London',
          postal_code: 'N1 1AA',
          country: 'GB',
          line2: null,
          state: null,
        },
      },
      card: {
        brand: card.brand ?? 'visa',
        last4: card.last4 ?? '4242',
        exp_month: card.expMonth ?? 12,
        exp_year: card.expYear ?? 2030,
        fingerprint: 'Xt5EWLLDS7FJjR1c',
        country: 'US',
        funding: 'credit',
        checks: { cvc_check: 'pass', address_line1_check: 'pass', address_postal_code_check: 'pass' },
        display_brand: card.brand ?? 'visa',
      },
    });
  }

  setCustomerDefaultPaymentMethod(customerId: string, paymentMethodId: string | null): void {
    const customer = this.must(customerId);
    customer.invoice_settings = { ...(customer.invoice_settings as Obj), default_payment_method: paymentMethodId };
  }

  /** Creates or replaces a subscription (and its customer when unknown). */
  setSubscription(input: {
    id?: string;
    customer: string;
    status: string;
    priceId?: string;
    seats?: number;
    currentPeriodEnd?: Date | null;
    cancelAtPeriodEnd?: boolean;
    defaultPaymentMethod?: string | null;
    created?: Date;
    metadata?: Record<string, string>;
  }): Obj {
    if (!this.objects.has(input.customer)) this.put(this.newCustomer({}, input.customer));
    const priceId = input.priceId ?? 'price_standard_weekly';
    const price = this.objects.get(priceId) ?? this.addPrice({ id: priceId, unitAmount: 2900 });
    const id = input.id ?? this.id('sub');
    const periodEnd =
      input.currentPeriodEnd === undefined
        ? this.unix() + WEEK_SECONDS
        : input.currentPeriodEnd === null
          ? null
          : toUnix(input.currentPeriodEnd);
    const sub: Obj = {
      id,
      object: 'subscription',
      customer: input.customer,
      status: input.status,
      cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
      created: input.created ? toUnix(input.created) : this.unix(),
      currency: 'usd',
      default_payment_method: input.defaultPaymentMethod ?? null,
      metadata: input.metadata ?? {},
      livemode: false,
      items: {
        object: 'list',
        has_more: false,
        url: `/v1/subscription_items?subscription=${id}`,
        data: [
          {
            id: this.id('si'),
            object: 'subscription_item',
            subscription: id,
            price: structuredClone(price),
            quantity: input.seats ?? 1,
            current_period_start: periodEnd === null ? null : periodEnd - WEEK_SECONDS,
            current_period_end: periodEnd,
          },
        ],
      },
    };
    return this.put(sub);
  }

  addInvoice(input: {
    id?: string;
    customer: string;
    subscription?: string | null;
    number?: string | null;
    status?: string;
    amountDue?: number;
    amountPaid?: number;
    currency?: string;
    created?: Date;
    /** Links a payment intent to the invoice, as paying it does; charges point at it. */
    paymentIntent?: string;
  }): Obj {
    const id = input.id ?? this.id('in');
    const status = input.status ?? 'paid';
    const amountDue = input.amountDue ?? 2900;
    const invoice: Obj = {
      id,
      object: 'invoice',
      customer: input.customer,
      number: input.number === undefined ? `DS-${String(++this.seq).padStart(4, '0')}` : input.number,
      status,
      amount_due: amountDue,
      amount_paid: input.amountPaid ?? (status === 'paid' ? amountDue : 0),
      amount_remaining: status === 'paid' ? 0 : amountDue,
      currency: input.currency ?? 'usd',
      created: input.created ? toUnix(input.created) : this.unix(),
      hosted_invoice_url: `https://invoice.stripe.test/i/${id}`,
      invoice_pdf: `https://pay.stripe.test/invoice/${id}/pdf`,
      customer_email: 'ada@example.com',
      customer_name: 'Ada Lovelace',
      customer_address: { line1: '1 Analytical Way', city: 'London', country: 'GB' },
      parent: input.subscription
        ? {
            type: 'subscription_details',
            quote_details: null,
            subscription_details: { subscription: input.subscription, metadata: {} },
          }
        : null,
      livemode: false,
    };
    this.put(invoice);
    if (input.paymentIntent) {
      this.put({
        id: this.id('inpay'),
        object: 'invoice_payment',
        invoice: id,
        amount_paid: invoice.amount_paid,
        currency: invoice.currency,
        status: 'paid',
        payment: { type: 'payment_intent', payment_intent: input.paymentIntent },
        created: invoice.created,
      });
    }
    return invoice;
  }

  /** A charge paid through a payment intent (modern shape: the charge does not name its invoice). */
  addCharge(input: { customer: string; paymentIntent?: string; amount?: number; refunded?: boolean }): Obj {
    const amount = input.amount ?? 2900;
    return this.put({
      id: this.id('ch'),
      object: 'charge',
      customer: input.customer,
      payment_intent: input.paymentIntent ?? this.id('pi'),
      amount,
      amount_refunded: input.refunded ? amount : 0,
      refunded: input.refunded ?? false,
      currency: 'usd',
      created: this.unix(),
      billing_details: { name: 'Ada Lovelace', email: 'ada@example.com' },
      livemode: false,
    });
  }

  /** What paying a Checkout Session does: a subscription with a card, and its first paid invoice. */
  completeCheckout(
    sessionId: string,
    opts: { card?: FakeCard; status?: string } = {},
  ): { session: Obj; subscription: Obj; invoice: Obj } {
    const session = this.must(sessionId);
    if (session.status !== 'open')
      throw new Error(`fake-stripe: session ${sessionId} is ${String(session.status)}, not open`);
    const customer = String(session.customer);
    const line = (session.line_items as { price: string; quantity: number }[])[0];
    if (!line) throw new Error(`fake-stripe: session ${sessionId} has no line items`);
    const pm = this.addPaymentMethod(opts.card, customer);
    const subscription = this.setSubscription({
      customer,
      status: opts.status ?? 'active',
      priceId: line.price,
      seats: line.quantity,
      defaultPaymentMethod: String(pm.id),
      metadata: ((session.subscription_data as Obj | undefined)?.metadata as Record<string, string> | undefined) ?? {},
    });
    const price = this.must(line.price);
    const invoice = this.addInvoice({
      customer,
      subscription: String(subscription.id),
      status: 'paid',
      amountDue: Number(price.unit_amount) * line.quantity,
      currency: String(price.currency),
      paymentIntent: this.id('pi'),
    });
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      subscription: subscription.id,
      invoice: invoice.id,
    });
    return {
      session: structuredClone(session),
      subscription: structuredClone(subscription),
      invoice: structuredClone(invoice),
    };
  }

  /** The next request is answered with this error instead of being handled. */
  failNext(
    status: number,
    error: Obj = {
      type: status >= 500 ? 'api_error' : 'invalid_request_error',
      message: 'fake-stripe injected failure',
    },
  ): void {
    this.failures.push({ status, error });
  }

  /** A copy of any stored object (customer, session, subscription, invoice, …). */
  get(id: string): Obj | undefined {
    const obj = this.objects.get(id);
    return obj ? structuredClone(obj) : undefined;
  }

  list(object: string): Obj[] {
    return [...this.objects.values()].filter((o) => o.object === object).map((o) => structuredClone(o));
  }

  /**
   * A webhook delivery as Stripe would send it: the JSON body and its Stripe-Signature header,
   * signed with the real algorithm. `timestamp` (unix seconds) and `secret` let tests forge stale
   * or foreign signatures.
   */
  event(
    type: string,
    object: Obj,
    opts: { timestamp?: number; secret?: string } = {},
  ): { body: string; header: string; id: string } {
    const id = this.id('evt');
    const body = JSON.stringify({
      id,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: this.unix(),
      type,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: opts.secret ?? this.webhookSecret,
      ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
    });
    return { body, header, id };
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', `http://${this.host}`);
    const method = req.method ?? 'GET';
    const contentType = String(req.headers['content-type'] ?? '');
    const form = method === 'POST' ? parseForm(raw) : {};
    const query = parseForm(url.search.slice(1));
    const idempotencyKey = header(req, 'idempotency-key');
    const record: RecordedRequest = { method, path: url.pathname, query, form, idempotencyKey, replayed: false };
    this.requests.push(record);

    if (header(req, 'authorization') !== `Bearer ${this.secretKey}`) {
      return send(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_****' } });
    }
    const failure = this.failures.shift();
    if (failure) return send(res, failure.status, { error: failure.error });
    if (method === 'POST' && !contentType.startsWith('application/x-www-form-urlencoded')) {
      return send(res, 400, invalid(`Expected application/x-www-form-urlencoded, got ${contentType || 'nothing'}`));
    }

    // Stripe replays the first response for a key, and refuses the key with different parameters.
    const fingerprint = `${method} ${url.pathname} ${raw}`;
    if (method === 'POST' && idempotencyKey) {
      const stored = this.idempotent.get(idempotencyKey);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          return send(res, 400, {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
        }
        record.replayed = true;
        res.writeHead(stored.status, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
        res.end(stored.body);
        return;
      }
    }

    const [status, body] = this.route(method, url.pathname, form, query);
    const text = JSON.stringify(body);
    if (method === 'POST' && idempotencyKey && status < 500)
      this.idempotent.set(idempotencyKey, { fingerprint, status, body: text });
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': this.id('req') });
    res.end(text);
  }

  private route(method: string, path: string, form: Obj, query: Obj): [number, unknown] {
    const parts = path.split('/').filter(Boolean);
    const [v1, resource, id, ...rest] = parts;
    if (v1 !== 'v1' || rest.length > 0) return notFoundUrl(method, path);
    const expand = asStrings(method === 'GET' ? query.expand : form.expand);
    if (method === 'POST' && resource === 'customers' && !id) return this.createCustomer(form);
    if (method === 'POST' && resource === 'checkout' && id === 'sessions') return this.createCheckoutSession(form);
    if (method === 'POST' && resource === 'billing_portal' && id === 'sessions') return this.createPortalSession(form);
    if (method === 'GET' && resource === 'subscriptions')
      return id ? this.retrieve('subscription', id, expand) : this.listSubscriptions(query, expand);
    if (method === 'GET' && resource === 'invoices')
      return id
        ? this.retrieve('invoice', id, expand)
        : this.listOf('invoice', (o) => o.customer === query.customer, query, expand, !!query.customer, 'customer');
    if (method === 'GET' && resource === 'charges' && id) return this.retrieve('charge', id, expand);
    if (method === 'GET' && resource === 'customers' && id) return this.retrieve('customer', id, expand);
    if (method === 'GET' && resource === 'invoice_payments' && !id) {
      const payment = (query.payment ?? {}) as Obj;
      return this.listOf(
        'invoice_payment',
        (o) =>
          (query.invoice === undefined || o.invoice === query.invoice) &&
          (payment.payment_intent === undefined || (o.payment as Obj).payment_intent === payment.payment_intent),
        query,
        expand,
        true,
      );
    }
    return notFoundUrl(method, path);
  }

  private createCustomer(form: Obj): [number, unknown] {
    for (const key of ['email', 'name'] as const) {
      if (form[key] !== undefined && typeof form[key] !== 'string')
        return [400, invalid(`Invalid string: ${key}`, key)];
    }
    return [
      200,
      this.put(
        this.newCustomer({
          email: form.email as string | undefined,
          name: form.name as string | undefined,
          metadata: form.metadata as Record<string, string> | undefined,
        }),
      ),
    ];
  }

  private createCheckoutSession(form: Obj): [number, unknown] {
    const mode = form.mode;
    if (mode !== 'subscription' && mode !== 'payment' && mode !== 'setup')
      return [400, invalid('Missing required param: mode.', 'mode')];
    if (typeof form.success_url !== 'string' || !/^https?:\/\//.test(form.success_url))
      return [400, invalid('Not a valid URL', 'success_url')];
    if (form.cancel_url !== undefined && (typeof form.cancel_url !== 'string' || !/^https?:\/\//.test(form.cancel_url)))
      return [400, invalid('Not a valid URL', 'cancel_url')];
    if (typeof form.customer === 'string' && !this.isA(form.customer, 'customer'))
      return [400, missing('customer', form.customer, 'customer')];
    const rawItems = Array.isArray(form.line_items) ? (form.line_items as Obj[]) : [];
    if (mode === 'subscription' && rawItems.length === 0)
      return [400, invalid('`line_items` is required in `subscription` mode.', 'line_items')];
    const lineItems: { price: string; quantity: number }[] = [];
    for (const [i, item] of rawItems.entries()) {
      if (typeof item.price !== 'string')
        return [400, invalid('Missing required param: line_items[' + i + '][price].', `line_items[${i}][price]`)];
      const price = this.objects.get(item.price);
      if (!price || price.object !== 'price') return [400, missing('price', item.price, `line_items[${i}][price]`)];
      if (mode === 'subscription' && !price.recurring)
        return [
          400,
          invalid('You specified `subscription` mode but passed a non-recurring price.', `line_items[${i}][price]`),
        ];
      const quantity = Number(item.quantity);
      if (!Number.isInteger(quantity) || quantity < 1)
        return [400, invalid('Invalid positive integer', `line_items[${i}][quantity]`)];
      lineItems.push({ price: item.price, quantity });
    }
    const id = this.id('cs_test');
    return [
      200,
      this.put({
        id,
        object: 'checkout.session',
        mode,
        status: 'open',
        payment_status: 'unpaid',
        customer: form.customer ?? null,
        client_reference_id: form.client_reference_id ?? null,
        metadata: form.metadata ?? {},
        subscription_data: form.subscription_data ?? null,
        success_url: form.success_url,
        cancel_url: form.cancel_url ?? null,
        subscription: null,
        invoice: null,
        line_items: lineItems,
        url: `https://checkout.stripe.test/c/pay/${id}`,
        created: this.unix(),
        livemode: false,
      }),
    ];
  }

  private createPortalSession(form: Obj): [number, unknown] {
    if (typeof form.customer !== 'string') return [400, invalid('Missing required param: customer.', 'customer')];
    if (!this.isA(form.customer, 'customer')) return [400, missing('customer', form.customer, 'customer')];
    const id = this.id('bps');
    return [
      200,
      this.put({
        id,
        object: 'billing_portal.session',
        customer: form.customer,
        return_url: form.return_url ?? null,
        url: `https://billing.stripe.test/p/session/${id}`,
        created: this.unix(),
        livemode: false,
      }),
    ];
  }

  private retrieve(object: string, id: string, expand: string[]): [number, unknown] {
    const found = this.objects.get(id);
    if (!found || found.object !== object) return [404, missing(object, id, 'id')];
    return [200, this.expand(structuredClone(found), expand)];
  }

  private listSubscriptions(query: Obj, expand: string[]): [number, unknown] {
    const status = typeof query.status === 'string' ? query.status : undefined;
    // Like Stripe: without a status filter, canceled subscriptions are left out.
    const wanted = (o: Obj) => (status === 'all' ? true : status ? o.status === status : o.status !== 'canceled');
    return this.listOf(
      'subscription',
      (o) => (query.customer === undefined || o.customer === query.customer) && wanted(o),
      query,
      expand,
      true,
    );
  }

  private listOf(
    object: string,
    keep: (o: Obj) => boolean,
    query: Obj,
    expand: string[],
    ok: boolean,
    required?: string,
  ): [number, unknown] {
    if (!ok && required) return [400, invalid(`Missing required param: ${required}.`, required)];
    const limit = query.limit === undefined ? 10 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return [400, invalid('Invalid integer: limit must be between 1 and 100', 'limit')];
    // Newest first, as Stripe lists; insertion order breaks ties so pages are stable.
    const all = [...this.objects.values()]
      .map((o, i) => [o, i] as const)
      .filter(([o]) => o.object === object && keep(o))
      .sort((a, b) => Number(b[0].created) - Number(a[0].created) || b[1] - a[1])
      .map(([o]) => o);
    let start = 0;
    if (typeof query.starting_after === 'string') {
      const at = all.findIndex((o) => o.id === query.starting_after);
      if (at < 0) return [400, missing(object, query.starting_after, 'starting_after')];
      start = at + 1;
    }
    const page = all.slice(start, start + limit);
    const itemExpand = expand.filter((p) => p.startsWith('data.')).map((p) => p.slice('data.'.length));
    return [
      200,
      {
        object: 'list',
        url: `/v1/${object}s`,
        has_more: start + limit < all.length,
        data: page.map((o) => this.expand(structuredClone(o), itemExpand)),
      },
    ];
  }

  /** Replaces ids along each dotted path with the stored objects, expanding intermediate ids too. */
  private expand(obj: Obj, paths: string[]): Obj {
    for (const path of paths) {
      let node: Obj | undefined = obj;
      const keys = path.split('.');
      for (const [i, key] of keys.entries()) {
        if (!node) break;
        let value: unknown = node[key];
        if (typeof value === 'string' && this.objects.has(value)) {
          value = structuredClone(this.objects.get(value));
          node[key] = value;
        }
        node = i < keys.length - 1 && value && typeof value === 'object' ? (value as Obj) : undefined;
      }
    }
    return obj;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private newCustomer(
    input: { email?: string | undefined; name?: string | undefined; metadata?: Record<string, string> | undefined },
    id = this.id('cus'),
  ): Obj {
    return {
      id,
      object: 'customer',
      email: input.email ?? null,
      name: input.name ?? null,
      metadata: input.metadata ?? {},
      invoice_settings: { default_payment_method: null, custom_fields: null, footer: null, rendering_options: null },
      created: this.unix(),
      livemode: false,
    };
  }

  private put(obj: Obj): Obj {
    this.objects.set(String(obj.id), obj);
    return structuredClone(obj);
  }

  private must(id: string): Obj {
    const obj = this.objects.get(id);
    if (!obj) throw new Error(`fake-stripe: no object ${id}`);
    return obj;
  }

  private isA(id: string, object: string): boolean {
    return this.objects.get(id)?.object === object;
  }

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}_${this.seq.toString().padStart(6, '0')}`;
  }

  private unix(): number {
    return toUnix(this.now());
  }
}

export async function startFakeStripe(opts: FakeStripeOptions = {}): Promise<FakeStripe> {
  return new FakeStripe(opts).start();
}

const toUnix = (d: Date) => Math.floor(d.getTime() / 1000);

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function invalid(message: string, param?: string): Obj {
  return { error: { type: 'invalid_request_error', message, ...(param ? { param } : {}) } };
}

function missing(object: string, id: string, param: string): Obj {
  return {
    error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${object}: '${id}'`, param },
  };
}

function notFoundUrl(method: string, path: string): [number, unknown] {
  return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } }];
}

function asStrings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/**
 * Decodes Stripe's form encoding (bodies and query strings alike): `a[b][0][c]=x` nests, numeric
 * keys become arrays, `a[]=x` appends.
 */
export function parseForm(text: string): Obj {
  const root: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!m) {
      root[rawKey] = value;
      continue;
    }
    const keys = [m[1] as string, ...[...(m[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((k) => k[1] as string)];
    let node: Obj = root;
    for (const [i, key] of keys.entries()) {
      const last = i === keys.length - 1;
      const slot = key === '' ? String(Object.keys(node).length) : key;
      if (last) node[slot] = value;
      else node = (node[slot] ??= {}) as Obj;
    }
  }
  return arrays(root) as Obj;
}

function arrays(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const obj = value as Obj;
  const keys = Object.keys(obj);
  for (const k of keys) obj[k] = arrays(obj[k]);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => obj[k]);
  return obj;
}
