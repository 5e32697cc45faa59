// The entry only loads the app: the file that configures fake-decimal is not an entry.
import "./app.js";
