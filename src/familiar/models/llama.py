"""The local backend: a GGUF model run in-process by llama.cpp (llama-cpp-python).

How a request is answered:

1. The conversation is rendered with the GGUF's own chat template (chat_template.py)
   and tokenized. The prefix - the system message plus the tool schemas, which the
   template places in the system turn - is made resident first: already in the KV cache,
   or loaded from its saved state file, or evaluated and then saved (prefix_cache.py).
2. The rest of the prompt is evaluated, reusing the longest common prefix with what the
   context already holds (the previous turn of the same chat, usually).
3. Decoding is our own loop over `Llama.eval` and the logits, not `create_completion`:
   we need exact counts of evaluated tokens, a cancel check between tokens, and a
   decision between "answer in text" and "call a tool" that `generate` cannot make.

Text or tool call: with tools offered, the model's first-token distribution decides.
The 0.5B Qwen model never writes `<tool_call>` itself; it opens a call with a bare
`{"`, a ```json fence, or a tool's name written like Python (`search_notes(query=...)`).
Sure openers (`<tool_call>`, `{`) count at once; a fence or a name prefix is followed
greedily for a few tokens to see whether it becomes a call. Past a threshold, the
call is generated in the canonical syntax under a GBNF grammar built from the tools'
schemas (grammar.py), which guarantees it parses and matches its schema; one step may
hold several calls, and a repeated call ends the step. If the model's favourite tool
name is none of the offered ones (it wants a "weather" tool we do not have), it
answers in text instead. A text answer is generated without a grammar, streamed token
by token, and cannot start with a call opener. A tool already called since the user's
last message is not offered again (see `_callable`).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import llama_cpp
import numpy as np
import numpy.typing as npt

from familiar.errors import Cancelled, ExternalError, UserError
from familiar.models.base import (
    ChatModel,
    ChatRequest,
    ChatResponse,
    OnText,
    ToolCall,
    ToolSpec,
    Usage,
)
from familiar.models.chat_template import CALL_CLOSE, CALL_OPEN, ChatTemplate
from familiar.models.cpu import threads_now, usable_cpus
from familiar.models.grammar import (
    CALL_HEAD,
    GrammarSampler,
    forced_text,
    json_grammar,
    tool_call_grammar,
)
from familiar.models.prefix_cache import PrefixCache, model_identity

log = logging.getLogger(__name__)

Logits = npt.NDArray[np.float32]

_CONTROL = 1 << 3  # LLAMA_TOKEN_ATTR_CONTROL
_USER_DEFINED = 1 << 4  # LLAMA_TOKEN_ATTR_USER_DEFINED
_TOP_K = 40  # tokens looked at when routing and when sampling with temperature
_TOP_P = 0.95
_GREEDY_TRIES = 64  # top tokens tested against the grammar before masking the vocabulary
_MIN_PREFIX = 16  # shorter prefixes are not worth a state file
_FENCE = "```json"
MAX_CALLS = 4  # tool calls in one step
_LOOKAHEAD = 6  # tokens followed to see whether a maybe-token opens a call
_MAYBE_MIN = 0.05  # maybe-tokens less likely than this are not followed
# Routing thresholds on first-token probability mass (see _decide and _try_call); a
# decision, not a sample, so the same at any temperature. Tuned on 28 labelled requests
# to the 0.5B model with the kernel's prompt and six built-in tools (15 want a tool,
# 13 want text): call threshold 0.5 -> 16 right, 0.3 -> 20, 0.2 -> 21, no text request
# became a call; at 0.1 three did. The name check catches most of the rest.
_CALL_THRESHOLD = 0.25
_NAME_THRESHOLD = 0.5


def _check_file(path: Path) -> None:
    hint = "run `familiar models pull` or `familiar models use`"
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except FileNotFoundError:
        raise UserError(f"model file {path} does not exist; {hint}") from None
    except OSError as exc:
        raise UserError(f"cannot read model file {path} ({exc.strerror}); {hint}") from None
    if magic != b"GGUF":
        raise UserError(f"{path} is not a GGUF model file; {hint}")


def _common_prefix(held: npt.NDArray[Any], tokens: Sequence[int]) -> int:
    n = min(len(held), len(tokens))
    if n == 0:
        return 0
    diff = np.nonzero(held[:n] != np.asarray(tokens[:n], dtype=held.dtype))[0]
    return int(diff[0]) if diff.size else n


def _probs(logits: Logits) -> Logits:
    shifted = np.exp(logits - logits.max())
    probs: Logits = (shifted / shifted.sum()).astype(np.float32)
    return probs


@dataclass
class _Output:
    """What one decode produced so far, and where its text goes."""

    on_text: OnText | None
    stream: bool
    tokens: list[int] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    first_at: float | None = None
    decoder: codecs.IncrementalDecoder = field(
        default_factory=lambda: codecs.getincrementaldecoder("utf-8")(errors="replace")
    )

    def add(self, token: int, data: bytes) -> None:
        if self.first_at is None:
            self.first_at = time.perf_counter()
        self.tokens.append(token)
        self._emit(self.decoder.decode(data))

    def finish(self) -> None:
        self._emit(self.decoder.decode(b"", final=True))

    def _emit(self, piece: str) -> None:
        if piece:
            self.pieces.append(piece)
            if self.stream and self.on_text is not None:
                self.on_text(piece)

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def _call_like(text: str, names: Sequence[str]) -> bool | None:
    """Whether `text` (the start of an answer) is a call: True, False, or None (unsure)."""
    fences = (_FENCE, "```\n{", "```{")
    if text.startswith(fences):
        return True
    for name in names:
        if text.startswith(name) and (len(text) > len(name)):
            nxt = text[len(name)]
            if not (nxt.isalnum() or nxt == "_"):
                return True
    if any(f.startswith(text) for f in fences) or any(n.startswith(text) for n in names):
        return None
    return False


def _callable(request: ChatRequest) -> list[ToolSpec]:
    """The offered tools minus those already called successfully since the user spoke.

    Measured on the 0.5B model: after a tool's result it puts ~93% of its first-token
    mass on calling the same tool again, so a chat would loop until the step budget.
    A tool therefore succeeds at most once per user turn; a call that failed may be
    retried (the error went back to the model), but not a second time with the same
    arguments: greedy decoding tends to repeat it word for word ("hello" became
    create_reminder("call Mom", "tomorrow at 6pm") from the tool's own example, refused
    five times over). Several calls in one step ("turn off the kitchen and bedroom
    lights") remain possible. The prompt still shows every tool, so the cached prefix
    does not change.
    """
    called: set[str] = set()
    failed: set[str] = set()
    failures: dict[str, int] = {}
    for message in reversed(request.messages):
        if message.role == "user":
            break
        if message.role == "tool" and message.is_error and message.tool_call_id:
            failed.add(message.tool_call_id)
        for c in message.tool_calls:
            if c.id not in failed:
                called.add(c.name)
                continue
            key = c.name + json.dumps(c.arguments, sort_keys=True)
            failures[key] = failures.get(key, 0) + 1
            if failures[key] >= 2:
                called.add(c.name)
    allowed = set(request.tools_callable())
    return [t for t in request.tools if t.name in allowed and t.name not in called]


class _Calls:
    """Cuts constrained call output into calls as each `<tool_call>` block closes."""

    def __init__(self, out: _Output) -> None:
        self.calls: list[ToolCall] = []
        self._out = out
        self._start = 0  # where the current block begins in the output text
        self._scan = 0  # where to look for its closing tag

    def current(self) -> str:
        """The text of the block being written, from its `<tool_call>`."""
        return self._out.text[self._start :]

    def done(self) -> bool:
        """Called after each token: True when decoding should stop."""
        text = self._out.text
        # A token may run past the closing tag (">\n" is one token), and the tag may also
        # occur inside a string argument: a block is complete when the text up to a
        # closing tag parses.
        close = text.find(CALL_CLOSE, self._scan)
        while close != -1:
            try:
                parsed = json.loads(text[self._start + len(CALL_OPEN) : close], strict=False)
            except ValueError:
                self._scan = close + 1
                close = text.find(CALL_CLOSE, self._scan)
                continue
            self._start = self._scan = close + len(CALL_CLOSE) + 1  # one newline between
            if any(
                c.name == parsed["name"] and c.arguments == parsed["arguments"] for c in self.calls
            ):
                return True  # the model repeats itself: keep the calls so far and stop
            self.calls.append(
                ToolCall(
                    id=f"call_{uuid.uuid4().hex[:12]}",
                    name=parsed["name"],
                    arguments=parsed["arguments"],
                )
            )
            if len(self.calls) >= MAX_CALLS:
                return True
            close = text.find(CALL_CLOSE, self._scan)
        return False


class LlamaModel(ChatModel):
    """A local GGUF model; one request at a time (calls are serialised by a lock)."""

    supports_streaming = True
    local = True

    def __init__(
        self,
        path: Path,
        *,
        name: str,
        sha256: str | None,
        context_size: int = 4096,
        threads: int = 0,
        cache_dir: Path | None = None,
    ) -> None:
        self.name = name
        self.path = Path(path)
        _check_file(self.path)
        # 0: as many as are free at each request (cpu.py); the context starts with all.
        self._auto_threads = threads == 0
        self._threads = threads or usable_cpus()
        try:
            # verbose=False silences llama.cpp's own logging (it would mess up the CLI).
            self._llm = llama_cpp.Llama(
                model_path=str(self.path),
                n_ctx=context_size,
                n_threads=self._threads,
                n_threads_batch=self._threads,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise UserError(
                f"cannot load model file {self.path} ({exc}); "
                "run `familiar models pull` or `familiar models use`"
            ) from None
        self._lock = threading.Lock()
        self._closed = False
        self._vocab = llama_cpp.llama_model_get_vocab(self._llm.model)
        self._n_vocab = self._llm.n_vocab()
        self._n_ctx = self._llm.n_ctx()
        self._n_batch = self._llm.n_batch
        # Recurrent models cannot drop the tail of their memory, so neither the prefix
        # reuse nor the saved prefix applies to them: each request starts from scratch.
        self._recurrent = bool(
            llama_cpp.llama_model_is_recurrent(self._llm.model)
            or llama_cpp.llama_model_is_hybrid(self._llm.model)
        )
        specials: dict[int, str] = {}
        for token in range(self._n_vocab):
            if llama_cpp.llama_vocab_get_attr(self._vocab, token) & (_CONTROL | _USER_DEFINED):
                text = llama_cpp.llama_vocab_get_text(self._vocab, token).decode("utf-8", "replace")
                specials[token] = text
        self._control = {
            t for t in specials if llama_cpp.llama_vocab_get_attr(self._vocab, t) & _CONTROL
        }
        markup = [s for s in specials.values() if s[:1] in "<[" and s[-1:] in ">]"]
        self._add_bos = self._llm.metadata.get("tokenizer.ggml.add_bos_token") == "true"
        self._bos = self._piece(self._llm.token_bos()) if self._llm.token_bos() >= 0 else ""
        eos = self._piece(self._llm.token_eos()) if self._llm.token_eos() >= 0 else ""
        self.template = ChatTemplate(
            self._llm.metadata.get("tokenizer.chat_template"),
            bos_token=self._bos,
            eos_token=eos,
            special_tokens=markup,
        )
        call_ids = self._tokenize(CALL_OPEN)
        self._call_token = call_ids[0] if len(call_ids) == 1 else None
        self._grammars: dict[str, str] = {}
        self._cache = None
        if cache_dir is not None and not self._recurrent:
            self._cache = PrefixCache(
                Path(cache_dir),
                model=model_identity(self.path, sha256),
                n_ctx=self._n_ctx,
            )

    # --- small helpers -------------------------------------------------------------

    @property
    def context_size(self) -> int:
        """Tokens the loaded context holds."""
        return int(self._n_ctx)

    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes with this model's tokenizer."""
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def close(self) -> None:
        """Free the model and its context."""
        with self._lock:
            self._closed = True
            self._llm.close()

    def _piece(self, token: int) -> str:
        return bytes(self._llm.detokenize([token], special=True)).decode("utf-8", "replace")

    def _tokenize(self, text: str) -> list[int]:
        # special=True: the template's markup (<|im_start|> ...) must become control
        # tokens; message content cannot smuggle any in (ChatTemplate.neutralize).
        return list(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def _prompt_tokens(self, text: str) -> list[int]:
        tokens = self._tokenize(text)
        if self._add_bos and not (self._bos and text.startswith(self._bos)):
            tokens.insert(0, self._llm.token_bos())
        return tokens

    def _logits(self) -> Logits:
        pointer = llama_cpp.llama_get_logits_ith(self._llm.ctx, -1)
        return np.ctypeslib.as_array(pointer, shape=(self._n_vocab,))

    def _held(self) -> npt.NDArray[Any]:
        return self._llm.input_ids[: self._llm.n_tokens]

    def _eval(self, tokens: Sequence[int], cancel: threading.Event | None) -> None:
        # Batch by batch so a cancel lands within one batch (~3 s worst case on 2 cores).
        # Llama.eval keeps `input_ids`/`n_tokens` equal to what the KV cache holds, and
        # drops any cells past `n_tokens` before decoding, so an interrupt between two
        # calls leaves a consistent object.
        for start in range(0, len(tokens), self._n_batch):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            self._llm.eval(list(tokens[start : start + self._n_batch]))

    @property
    def threads(self) -> int:
        """The CPU threads the last request used."""
        return self._threads

    def _set_threads(self, n: int) -> None:
        if n != self._threads:
            llama_cpp.llama_set_n_threads(self._llm.ctx, n, n)
            self._threads = n

    def _rewind(self, n: int) -> None:
        # The next eval drops KV cells from n on (see _eval).
        self._llm.n_tokens = n

    def _clear(self) -> None:
        # Bookkeeping first: an interrupt between the two lines must leave the object
        # claiming less than the context holds, never more.
        self._llm.n_tokens = 0
        memory = llama_cpp.llama_get_memory(self._llm.ctx)
        if memory is not None:
            llama_cpp.llama_memory_clear(memory, True)

    def _grammar_for(self, tools: Sequence[ToolSpec]) -> str:
        key = hashlib.sha256(
            json.dumps([t.model_dump() for t in tools], sort_keys=True).encode()
        ).hexdigest()
        if key not in self._grammars:
            if len(self._grammars) >= 64:  # tool sets change rarely; bound it anyway
                self._grammars.clear()
            self._grammars[key] = tool_call_grammar(tools)
        return self._grammars[key]

    # --- the prompt ------------------------------------------------------------------

    def _prefix_tokens(self, request: ChatRequest, tokens: list[int]) -> list[int] | None:
        """The tokens of system text + stable tools, if they are a true prefix of `tokens`.

        When tools were selected for this request (`stable_tools` < all), only the part
        shared with the stable tools alone is kept: the system text and the core tools
        up to where the tool list goes on, so every selection restores the same prefix.
        """
        if self._cache is None or not request.messages or request.messages[0].role != "system":
            return None
        stable = request.tools[: request.stable_tools]
        text = self.template.render(request.messages[:1], stable, add_generation_prompt=False)
        prefix = self._prompt_tokens(text)
        if len(stable) < len(request.tools):
            prefix = prefix[: _common_prefix(np.asarray(prefix, dtype=np.intc), tokens)]
        if (
            len(prefix) < _MIN_PREFIX
            or len(prefix) >= len(tokens)
            or tokens[: len(prefix)] != prefix
        ):
            # The template changes the system turn depending on what follows, or the
            # tokenizer merges across the boundary: saving this would restore a wrong state.
            log.debug("prompt prefix is not a token prefix; not persisting it")
            return None
        return prefix

    def _ensure_prefix(self, prefix: list[int], cancel: threading.Event | None) -> int:
        """Make the KV cache hold `prefix`; return how many tokens had to be evaluated."""
        assert self._cache is not None
        have = _common_prefix(self._held(), prefix)
        if have == len(prefix):
            return 0
        state_file, _ = self._cache.paths(prefix)
        if state_file.exists():
            self._llm.n_tokens = 0  # the load replaces the whole context (see _clear)
            if self._cache.load(self._llm.ctx, prefix):
                # Tell the high-level object what the context now holds.
                self._llm.input_ids[: len(prefix)] = prefix
                self._llm.n_tokens = len(prefix)
                return 0
            self._clear()  # a failed load may have left part of a state behind
            have = 0
        self._rewind(have)
        self._eval(prefix[have:], cancel)
        self._cache.save(self._llm.ctx, prefix)
        return len(prefix) - have

    def _load_prompt(
        self, request: ChatRequest, tokens: list[int], cancel: threading.Event | None
    ) -> int:
        """Evaluate the prompt; return how many of its tokens were computed."""
        processed = 0
        if self._recurrent:
            self._clear()
        else:
            prefix = self._prefix_tokens(request, tokens)
            if prefix is not None:
                processed += self._ensure_prefix(prefix, cancel)
        # Keep at least the last token to evaluate: its logits start the answer.
        reuse = min(_common_prefix(self._held(), tokens), len(tokens) - 1)
        self._rewind(reuse)
        self._eval(tokens[reuse:], cancel)
        return processed + len(tokens) - reuse

    # --- picking tokens -----------------------------------------------------------------

    def _pick(
        self,
        logits: Logits,
        request: ChatRequest,
        rng: np.random.Generator,
        grammar: GrammarSampler | None = None,
        banned: Sequence[int] = (),
    ) -> int:
        if banned:
            logits = logits.copy()
            logits[list(banned)] = -np.inf
        token = self._sample(logits, request.temperature, rng)
        if grammar is None or grammar.allows(token):
            return token
        if request.temperature <= 0:
            # Greedy: the best token the grammar allows is nearly always among the
            # model's top few; testing those is ~0.1 ms against ~10 ms for the mask.
            top = np.argpartition(-logits, _GREEDY_TRIES)[:_GREEDY_TRIES]
            top = top[np.lexsort((top, -logits[top]))]  # best first; ties: lowest id
            ok = grammar.allowed(top.astype(np.int32)) & np.isfinite(logits[top])
            if ok.any():
                return int(top[int(np.argmax(ok))])
        # The model's choice breaks the grammar: only now pay for masking the vocabulary.
        masked = grammar.mask(logits)
        if not np.isfinite(masked).any():
            raise ExternalError("constrained decoding reached a state where no token fits")
        return self._sample(masked, request.temperature, rng)

    @staticmethod
    def _sample(logits: Logits, temperature: float, rng: np.random.Generator) -> int:
        if temperature <= 0:
            return int(np.argmax(logits))
        top = np.argpartition(-logits, _TOP_K)[:_TOP_K]
        top = top[np.isfinite(logits[top])]
        if top.size == 0:
            return int(np.argmax(logits))
        top = top[np.argsort(-logits[top])]
        probs = _probs(logits[top] / temperature).astype(np.float64)
        keep = min(int(np.searchsorted(np.cumsum(probs), _TOP_P)) + 1, top.size)
        kept = probs[:keep] / probs[:keep].sum()  # float64: rng.choice checks the sum
        return int(top[rng.choice(keep, p=kept)])

    def _first_tokens(
        self, logits: Logits, names: Sequence[str]
    ) -> tuple[float, list[int], list[tuple[int, float]]]:
        """Sort the likely first tokens: sure call openers (their mass, ids), and maybes.

        A maybe is a token that opens a call only if what follows says so: the start of
        a ``` fence (json or code?) or of a tool's name (the model sometimes writes
        `search_notes(query="...")`), most probable first.
        """
        probs = _probs(logits)
        top = np.argpartition(-logits, _TOP_K)[:_TOP_K]
        mass, openers, maybes = 0.0, [], []
        for token in (int(t) for t in top):
            text = self._piece(token).lstrip(" \t\n")
            if text.startswith((CALL_OPEN, "{", _FENCE)):
                mass += float(probs[token])
                openers.append(token)
            elif text and (
                _FENCE.startswith(text)
                or (len(text) >= 3 and any(n.startswith(text) for n in names))
            ):
                maybes.append((token, float(probs[token])))
        return mass, openers, sorted(maybes, key=lambda m: -m[1])

    def _opens_call(
        self, token: int, names: Sequence[str], prompt_len: int, cancel: threading.Event | None
    ) -> bool:
        """Follow a maybe-token greedily for a few tokens: does it become a call?"""
        text = self._piece(token).lstrip(" \t\n")
        verdict = _call_like(text, names)
        steps = 0
        while verdict is None and steps < _LOOKAHEAD:
            self._eval([token], cancel)
            token = int(np.argmax(self._logits()))
            if llama_cpp.llama_vocab_is_eog(self._vocab, token):
                verdict = _call_like(text + "\n", names)
                break
            text += self._piece(token)
            verdict = _call_like(text, names)
            steps += 1
        self._rewind(prompt_len)
        return bool(verdict)

    # --- decoding -------------------------------------------------------------------

    def _run(
        self,
        out: _Output,
        request: ChatRequest,
        rng: np.random.Generator,
        cancel: threading.Event | None,
        budget: int,
        first: Logits | None = None,
        grammar: GrammarSampler | None = None,
        banned_first: Sequence[int] = (),
        done: Callable[[], bool] | None = None,
        forced: Callable[[], str] | None = None,
    ) -> str:
        """Decode until an end token, `done()` or the budget; return the finish reason.

        `forced()` gives text the grammar fixes at this point: its tokens are taken
        without sampling and evaluated in one batch with the sampled token.
        """
        banned = [] if self._call_token is None or grammar is not None else [self._call_token]
        logits = first if first is not None else self._logits()
        extra = list(banned_first)
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            token = self._pick(logits, request, rng, grammar, banned + extra)
            extra = []
            if llama_cpp.llama_vocab_is_eog(self._vocab, token) or (
                grammar is None and token in self._control
            ):
                return "stop"
            out.add(token, bytes(self._llm.detokenize([token])))
            if grammar is not None:
                grammar.accept(token)
            if done is not None and done():
                return "stop"
            pending = [token]
            if forced is not None and grammar is not None:
                for fixed in self._tokenize(forced()):
                    if len(out.tokens) >= budget or not grammar.allows(fixed):
                        break
                    grammar.accept(fixed)
                    out.add(fixed, bytes(self._llm.detokenize([fixed], special=True)))
                    pending.append(fixed)
                if len(pending) > 1 and done is not None and done():
                    return "stop"
            if len(out.tokens) >= budget:
                return "length"
            self._eval(pending, cancel)
            logits = self._logits()

    def _answer_text(
        self,
        out: _Output,
        request: ChatRequest,
        rng: np.random.Generator,
        cancel: threading.Event | None,
        budget: int,
        first: Logits,
        banned_first: Sequence[int],
    ) -> ChatResponse:
        reason = self._run(
            out, request, rng, cancel, budget, first=first, banned_first=banned_first
        )
        out.finish()
        return ChatResponse(text=out.text, raw=out.text, finish_reason=reason)

    def _try_call(
        self,
        out: _Output,
        request: ChatRequest,
        tools: Sequence[ToolSpec],
        rng: np.random.Generator,
        cancel: threading.Event | None,
        budget: int,
    ) -> ChatResponse | None:
        """Generate calls to `tools`; None if the model wants a tool that is not among them."""
        head = self._tokenize(CALL_HEAD)
        with GrammarSampler(self._vocab, self._grammar_for(tools), self._n_vocab) as grammar:
            for token in head:
                # llama.cpp aborts the process on accepting a token the grammar rejects.
                if not grammar.allows(token):
                    raise ExternalError("the tool-call grammar rejects its own opening")
                grammar.accept(token)
            self._eval(head, cancel)
            for token in head:
                out.add(token, bytes(self._llm.detokenize([token], special=True)))
            logits = self._logits()
            allowed = np.isfinite(grammar.mask(logits))
            known = float(_probs(logits)[allowed].sum())
            # "required" (the kernel's gate) means one of these tools, whatever name the
            # model had in mind: "turn_off_lights" becomes the offered control_device.
            if known <= _NAME_THRESHOLD and request.tool_choice != "required":
                log.debug("tool name outside the offered tools (p=%.2f); answering in text", known)
                return None
            calls = _Calls(out)
            reason = self._run(
                out,
                request,
                rng,
                cancel,
                budget,
                first=logits,
                grammar=grammar,
                done=calls.done,
                forced=lambda: forced_text(calls.current(), tools),
            )
        out.finish()
        if not calls.calls:
            # Only a call cut off by max_tokens gets here; the grammar guarantees the rest.
            return ChatResponse(raw=out.text, finish_reason="length")
        finish = "tool_calls" if reason == "stop" else "length"
        return ChatResponse(tool_calls=calls.calls, raw=out.text, finish_reason=finish)

    def _decide(
        self,
        request: ChatRequest,
        rng: np.random.Generator,
        cancel: threading.Event | None,
        budget: int,
        prompt_len: int,
        on_text: OnText | None,
    ) -> tuple[ChatResponse, _Output]:
        first = self._logits().copy()  # the look-ahead overwrites the buffer
        tools = _callable(request)
        # A text answer must not start a call as text to any offered tool, callable or not.
        names = [t.name for t in request.tools]
        call_mass, banned, maybes = self._first_tokens(first, names)
        call = bool(tools) and (request.tool_choice == "required" or call_mass > _CALL_THRESHOLD)
        if not call:
            # Followed only while they can change the decision (a call that fails bans
            # every maybe below anyway), and then even without tools: a text answer must
            # not start with a call written as text (```json {"name": ...).
            for token, p in maybes[:2]:
                if p < _MAYBE_MIN:
                    break
                if self._opens_call(token, names, prompt_len, cancel):
                    call_mass += p
                    banned.append(token)
            call = bool(tools) and call_mass > _CALL_THRESHOLD
        if call:
            out = _Output(on_text=None, stream=False)
            response = self._try_call(out, request, tools, rng, cancel, budget)
            if response is not None:
                return response, out
            self._rewind(prompt_len)
            banned += [t for t, _ in maybes]  # it wanted a call: no half-call as text
        out = _Output(on_text=on_text, stream=True)
        return self._answer_text(out, request, rng, cancel, budget, first, banned), out

    def complete(
        self,
        request: ChatRequest,
        on_text: OnText | None = None,
        cancel: threading.Event | None = None,
    ) -> ChatResponse:
        """Answer `request` with the local model (see the module docstring)."""
        with self._lock:
            if self._closed:
                raise ExternalError(f"model {self.name} was closed")
            if self._auto_threads:
                self._set_threads(threads_now())
            try:
                return self._complete(request, on_text, cancel)
            except RuntimeError as exc:
                # llama.cpp failed to decode; start the next request from a clean context.
                self._clear()
                raise ExternalError(f"llama.cpp failed: {exc}") from None

    def _complete(
        self, request: ChatRequest, on_text: OnText | None, cancel: threading.Event | None
    ) -> ChatResponse:
        started = time.perf_counter()
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        # Tools past the stable prefix are prefilled for every request: offer them in brief
        # (the grammar still holds every call to its tool's full schema).
        stable = len(request.tools) if request.stable_tools is None else request.stable_tools
        text = self.template.render(
            request.messages, request.tools[:stable], brief=request.tools[stable:]
        )
        tokens = self._prompt_tokens(text)
        budget = min(request.max_tokens, self._n_ctx - len(tokens) - 1)
        if budget < 1:
            raise UserError(
                f"the conversation ({len(tokens)} tokens) does not fit the model's context "
                f"of {self._n_ctx}; start a new chat or raise `context_size`"
            )
        processed = self._load_prompt(request, tokens, cancel)
        rng = np.random.default_rng(request.seed)
        if request.output_schema is not None:
            out = _Output(on_text=on_text, stream=True)
            with GrammarSampler(
                self._vocab, json_grammar(request.output_schema), self._n_vocab
            ) as g:
                reason = self._run(out, request, rng, cancel, budget, grammar=g)
            out.finish()
            response = ChatResponse(text=out.text, raw=out.text, finish_reason=reason)
        elif request.tools:
            response, out = self._decide(request, rng, cancel, budget, len(tokens), on_text)
        else:
            out = _Output(on_text=on_text, stream=True)
            response = self._answer_text(out, request, rng, cancel, budget, self._logits(), ())
        ended = time.perf_counter()
        first_at = out.first_at or ended
        response.usage = Usage(
            prompt_tokens=len(tokens),
            prompt_tokens_processed=processed,
            completion_tokens=len(out.tokens),
            prefill_seconds=first_at - started,
            decode_seconds=ended - first_at,
        )
        return response
