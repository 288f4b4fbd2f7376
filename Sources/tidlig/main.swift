// Placeholder entry point; the real command line is wired once the session exists.
print("tidlig")
