// Named windows: `define window W (…) <window>(…) output all|current|expired events;`.

export { InsertIntoWindow, NamedWindow } from './named-window.js';
