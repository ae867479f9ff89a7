import JsdomEnvironment from 'jest-environment-jsdom';

/**
 * jsdom without the Fetch API classes the browsers have natively: Node's own classes are lent to
 * the jsdom window, with Node's AbortController so the signals they are given are ones they accept.
 */
export default class BrowserLikeEnvironment extends JsdomEnvironment {
  constructor(...args: ConstructorParameters<typeof JsdomEnvironment>) {
    super(...args);
    Object.assign(this.global, {
      Request,
      Response,
      Headers,
      AbortController,
      AbortSignal,
      ReadableStream,
    });
  }
}
