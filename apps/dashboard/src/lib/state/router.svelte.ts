import { parseRoute, toLocalHref, type Route } from './route.js';

/** The current route, following history navigation. One instance for the app. */
export class Router {
  route: Route = $state(parseRoute(location.pathname, location.hash));

  constructor() {
    addEventListener('popstate', () => this.sync());
    addEventListener('hashchange', () => this.sync());
  }

  /** Navigates within the app without a page load; accepts absolute server URLs too. */
  go(url: string): void {
    history.pushState(null, '', toLocalHref(url, location.origin));
    this.sync();
  }

  private sync(): void {
    this.route = parseRoute(location.pathname, location.hash);
  }
}
