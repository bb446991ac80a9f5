/**
 * The entry: starts the first page's requests, then loads the app. Kept this small so that the
 * requests leave as soon as the page's first script runs instead of after the app's code (React
 * and every page) has been compiled and run, ~100 ms later on a 2-core machine (Chromium trace).
 */
import { startCookieSessionEarly, startEarly } from './api';
import './styles.css';

// The session's own (models, then who the token belongs to: read in that order, asked at once)
// and, on the portfolio, the page's data and its heat map's.
startEarly('/models');
startEarly('/me');
startCookieSessionEarly();
if (window.location.pathname === '/') {
  startEarly('/portfolio');
  startEarly('/portfolio/heatmap');
}
void import('./app');
