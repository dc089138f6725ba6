"""The sandbox console: read a line, hand it to the `SandboxSession`, print what happened.

Messages the bot posts on its own (a reminder after `/clock +7d`) are printed as they
arrive by a small background printer, so the console feels like watching Slack.
"""

from __future__ import annotations

import threading

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.sandbox.render import render_blocks, render_message
from bot.sandbox.session import ModalInput, Output, SandboxSession, option_label

HELP = """\
[bold]Talking[/]
  [cyan]anything[/]            a message where you are (your DM with Cohort to start with)
  [cyan]@cohort …[/]           mention the bot in a channel
  [cyan]/cohort …[/]           the slash command, e.g. [cyan]/cohort help[/], [cyan]/cohort ask …[/]
  [cyan]1[/], [cyan]/click 1[/]         click button number 1 of the latest message
[bold]Moving around[/]
  [cyan]/as NAME[/]            become someone else (fuzzy: [cyan]/as aisha[/])
  [cyan]/in PLACE[/]           go to a channel or back to [cyan]dm[/] ([cyan]/places[/] lists them)
  [cyan]/people[/]             everyone in the programmes, with their roles
  [cyan]/home[/]               open your App Home tab
[bold]Time[/]
  [cyan]/clock[/]              what time it is in the sandbox
  [cyan]/clock +7d[/]          jump forward (m, h, d, w) and run the scheduled jobs now
[bold]Else[/]
  [cyan]/help[/], [cyan]/quit[/]"""

STYLES = {"message": "green", "ephemeral": "yellow", "modal": "magenta", "home": "blue"}


class SandboxConsole:
    """The interactive loop over a `SandboxSession`."""

    def __init__(self, session: SandboxSession, console: Console | None = None) -> None:
        self.session = session
        self.console = console or Console(highlight=False)
        self._busy = threading.Lock()
        self._stop = threading.Event()

    # -- printing --------------------------------------------------------------------------

    def show(self, outputs: list[Output], *, interactive: bool = True) -> None:
        """Print outputs; an open modal is then asked for, one input at a time."""
        for output in outputs:
            self.show_one(output)
        if interactive and self.session.modal is not None:
            self.fill_modal()

    def show_one(self, output: Output) -> None:
        names, number_of = self.session.name_of, self.session.number_of
        if output.kind == "note":
            self.console.print(Text(output.text, style="dim"))
        elif output.kind == "error":
            self.console.print(Text(output.text, style="bold red"))
        elif output.kind in ("modal", "home") and output.view is not None:
            title = output.view.get("title", {}).get("text", "") or output.where
            body = render_blocks(output.view.get("blocks", []), names, number_of)
            self.console.print(Panel(body, title=title, border_style=STYLES[output.kind]))
        else:
            thread = " · in thread" if output.message.get("thread_ts") not in (
                None, output.message.get("ts")) else ""  # fmt: skip
            title = f"[bold]Cohort[/] → {output.where}{thread}"
            body = render_message(output.message, names, number_of)
            self.console.print(Panel(body, title=title, title_align="left",
                                     border_style=STYLES.get(output.kind, "white")))  # fmt: skip

    def _print_in_background(self) -> None:
        """Show what the bot posts on its own (scheduled messages) while you are idle."""
        while not self._stop.wait(0.3):
            if self._busy.acquire(blocking=False):
                try:
                    outputs = self.session.drain()
                    if outputs:
                        self.console.print()
                        self.show(outputs, interactive=False)
                        self.console.print(Text(self.prompt(), style="bold"), end="")
                finally:
                    self._busy.release()

    # -- the loop --------------------------------------------------------------------------

    def prompt(self) -> str:
        return f"{self.session.me.name} @ {self.session.place.label}> "

    def banner(self) -> None:
        self.console.print(Panel(
            "You are in the [bold]Cohort sandbox[/]: the real app, a pretend Slack.\n"
            f"You are [bold]{self.session.me.name}[/]. Ask something, e.g. "
            "[cyan]when is the first module?[/]\nType [cyan]/help[/] for everything else.",
            title="Cohort", border_style="green",
        ))  # fmt: skip

    def loop(self) -> None:
        self.banner()
        printer = threading.Thread(target=self._print_in_background, daemon=True)
        printer.start()
        try:
            while True:
                try:
                    line = self.console.input(Text(self.prompt(), style="bold"))
                except (EOFError, KeyboardInterrupt):
                    self.console.print()
                    break
                with self._busy:
                    if not self.handle(line.strip()):
                        break
        finally:
            self._stop.set()
            printer.join(timeout=1)

    def handle(self, line: str) -> bool:
        """Run one line; False to quit."""
        if not line:
            return True
        word, _, rest = line.partition(" ")
        try:
            if word in ("/quit", "/exit"):
                return False
            if word == "/help":
                self.console.print(Panel(HELP, title="Sandbox help", border_style="cyan"))
            elif word == "/as":
                person = self.session.as_person(rest)
                self.console.print(
                    f"You are now [bold]{person.name}[/] ({', '.join(person.roles)})."
                )
            elif word == "/in":
                place = self.session.go(rest)
                self.console.print(f"You are now in [bold]{place.label}[/].")
                self.show(self.session.recent(), interactive=False)
            elif word == "/people":
                self.people()
            elif word == "/places":
                self.console.print("\n".join(["dm", *(p.label for p in self.session.places)]))
            elif word == "/home":
                self.show([self.session.open_home()])
            elif word == "/clock":
                if rest:
                    outputs = self.session.advance_clock(rest)
                    self.console.print(f"The sandbox clock is now {self._now()}.")
                    self.show(outputs)
                else:
                    self.console.print(f"The sandbox clock says {self._now()}.")
            elif word == "/click" or line.isdigit():
                self.show(self.session.click(int(rest if word == "/click" else line)))
            elif word.startswith("/") and word != "/cohort":
                self.console.print(f"[red]I don't know {word}[/]: try /help")
            else:
                self.show(self.session.say(line))
        except (LookupError, ValueError) as problem:
            self.console.print(Text(str(problem), style="bold red"))
        return True

    def _now(self) -> str:
        return self.session.clock.now().astimezone().strftime("%A %d %B %Y, %H:%M %Z")

    def people(self) -> None:
        table = Table(title="People", show_lines=False)
        for column in ("name", "roles", "slack id"):
            table.add_column(column)
        for person in self.session.people:
            table.add_row(person.name, ", ".join(person.roles), person.slack_id)
        self.console.print(table)

    def fill_modal(self) -> None:
        """Ask for each input of the open modal, one at a time, then submit it."""
        inputs = self.session.modal_inputs()
        self.console.print(Text(
            "Answer each question; an empty answer keeps what is in [brackets]. "
            "Pick options by number (several: 1,3); '/cancel' closes the form.", style="dim",
        ))  # fmt: skip
        answers = []
        for item in inputs:
            self._show_options(item)
            initial = item.initial_text(self.session.name_of)
            shown = f" [{initial}]" if initial else ""
            question = f"{item.label}{'' if item.optional else ' *'}{shown}: "
            answer = self.console.input(Text(question, style="magenta"))
            if answer.strip() == "/cancel":
                self.session.cancel_modal()
                self.console.print("Form closed.")
                return
            answers.append(answer)
        self.show(self.session.submit_modal(answers))

    def _show_options(self, item: ModalInput) -> None:
        if item.options:
            for number, option in enumerate(item.options, start=1):
                self.console.print(f"  [cyan]{number}[/] {option_label(option)}")
