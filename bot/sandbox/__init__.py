"""The local sandbox: Cohort's real app over HTTP, a Slack emulator, and a console.

`runner.run_sandbox` is what `cohort run` starts without Slack tokens. `live.LiveApp` (the
app on a loopback port driven like Slack drives it) is shared with the tests'
`running_app` fixture; `session.SandboxSession` is the console's logic, testable alone.
"""
