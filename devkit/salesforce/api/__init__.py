"""HTTP surfaces of the emulator: OAuth, REST, UI API, control endpoints and pages."""
