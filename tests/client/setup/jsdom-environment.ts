import JsdomEnvironment from 'jest-environment-jsdom';

/**
 * jsdom without the Fetch API classes: React Router's data routers build a `Request` for every
 * navigation. Node's own classes (what the browser has natively) are lent to the jsdom window,
 * with Node's AbortController so the signals they are given are ones they accept.
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
