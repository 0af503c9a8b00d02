// The package's own typings are unreachable through its `exports` map, so we declare the small surface we use.
declare module '@signalwire/compatibility-api' {
  type Attributes = Record<string, string | number | boolean>;

  interface LaMLDial {
    conference(attributes: Attributes, name: string): unknown;
  }

  interface LaMLGather {
    say(text: string): unknown;
  }

  interface LaMLVoiceResponse {
    dial(attributes?: Attributes): LaMLDial;
    say(attributes: Attributes, message: string): unknown;
    gather(attributes?: Attributes): LaMLGather;
    say(text: string): unknown;
    play(attributes: Attributes, url: string): unknown;
    hangup(): unknown;
    toString(): string;
  }

  export const RestClient: {
    LaML: { VoiceResponse: new () => LaMLVoiceResponse };
    /** SignalWire's reference webhook validator (used as an oracle in tests). */
    validateRequest(
      signingKey: string,
      signature: string,
      url: string,
      params: Record<string, string>,
      suppressWarning?: boolean,
    ): boolean;
  };
}
