"""Every text of the app in English and Portuguese (Brazil), in one place.

The English text is the key (as in gettext): code reads `t("Hidden units")`, and the
library's figure builders take `tr=t`, so a notebook user gets English with no catalogue.
"""

from __future__ import annotations

import streamlit as st

LANGS = {"en": "English", "pt": "Português (BR)"}

CELL_EXPLAIN = (
    "**The gates decide, the cell state remembers.** At each step the cell reads the input $x_t$ and the "
    "previous hidden state $h_{t-1}$. The forget gate $f_t$ (0 = forget everything, 1 = keep everything) scales "
    "the old cell state $C_{t-1}$; the input gate $i_t$ decides how much of the candidate $\\tilde C_t$ to write; "
    "the output gate $o_t$ decides how much of the memory shows in $h_t$.\n\n"
    "The heatmaps show every unit (rows) at every step (columns): gates in [0, 1] on a sequential scale, signed "
    "values on a red-blue scale centred on 0. The equations on the right use this model's weights: they are the "
    "same numbers `torch.nn.LSTM` computes."
)

PT: dict[str, str] = {
    # app-wide
    "LSTM Visual Explorer": "Explorador Visual de LSTM",
    "Language": "Idioma",
    "Classroom mode": "Modo sala de aula",
    "Hides advanced controls and enlarges text and figures for a projector.": (
        "Esconde os controles avançados e aumenta textos e figuras para o projetor."
    ),
    "Link to this view": "Link para esta visualização",
    "Copy this link to share exactly what you see (settings and seeds included).": (
        "Copie este link para compartilhar exatamente o que você vê (configurações e sementes incluídas)."
    ),
    "Home": "Início",
    "Cell": "Célula",
    "Gradients": "Gradientes",
    "Train": "Treinar",
    "What am I looking at?": "O que estou vendo?",
    "Try this": "Experimente",
    # home
    "Open an LSTM cell and watch it work on the same numbers PyTorch computes: the forget, input and output "
    "gates, the candidate values, the cell state $C_t$ and the hidden state $h_t$. Hover over a gate to see "
    "its equation.": (
        "Abra uma célula LSTM e veja-a funcionar com os mesmos números que o PyTorch calcula: as portas de "
        "esquecimento, de entrada e de saída, os valores candidatos, o estado da célula $C_t$ e o estado oculto "
        "$h_t$. Passe o mouse sobre uma porta para ver sua equação."
    ),
    "The horizontal line on top is the **cell state**, a conveyor belt: the forget gate $f_t$ scales what it "
    "carries, the input gate $i_t$ adds new candidate values $\\tilde C_t$, and the output gate $o_t$ decides "
    "how much of $\\tanh(C_t)$ becomes the hidden state $h_t$.": (
        "A linha horizontal no topo é o **estado da célula**, uma esteira: a porta de esquecimento $f_t$ escala "
        "o que ela carrega, a porta de entrada $i_t$ acrescenta novos valores candidatos $\\tilde C_t$, e a "
        "porta de saída $o_t$ decide quanto de $\\tanh(C_t)$ vira o estado oculto $h_t$."
    ),
    "Where to start": "Por onde começar",
    "Step through the cell, timestep by timestep": "Percorra a célula, passo a passo no tempo",
    "Watch gradients flow back through time, and why a plain RNN forgets": (
        "Veja os gradientes voltarem no tempo, e por que uma RNN simples esquece"
    ),
    "Train a model on real or synthetic series, honestly": (
        "Treine um modelo em séries reais ou sintéticas, com honestidade"
    ),
    # cell page
    "Step through the cell": "Percorra a célula",
    "Use the model from the Train page": "Usar o modelo da página Treinar",
    "Model": "Modelo",
    "Hidden units": "Unidades ocultas",
    "Layers": "Camadas",
    "Weight seed": "Semente dos pesos",
    "What if…": "E se…",
    "Forget-gate bias shift": "Deslocamento do viés da porta de esquecimento",
    "Input-gate bias shift": "Deslocamento do viés da porta de entrada",
    "Recurrent weight scale (W_hh ×)": "Escala dos pesos recorrentes (W_hh ×)",
    "Input": "Entrada",
    "Sequence": "Sequência",
    "Synthetic": "Sintética",
    "Type numbers": "Digitar números",
    "Kind": "Tipo",
    "Length": "Comprimento",
    "Data seed": "Semente dos dados",
    "Numbers (comma or space separated, up to 500)": "Números (separados por vírgula ou espaço, até 500)",
    "{error}. Showing the last good input.": "{error}. Mostrando a última entrada válida.",
    "Model and window: {source}": "Modelo e janela: {source}",
    "▶ Play": "▶ Reproduzir",
    "◀ Back": "◀ Voltar",
    "Forward ▶": "Avançar ▶",
    "Timestep t": "Passo de tempo t",
    "Layer": "Camada",
    "Unit for the equations": "Unidade nas equações",
    "Units to plot": "Unidades no gráfico",
    "Equations at t = {t}, layer {layer}, unit {unit}": "Equações em t = {t}, camada {layer}, unidade {unit}",
    CELL_EXPLAIN: (
        "**As portas decidem, o estado da célula lembra.** A cada passo a célula lê a entrada $x_t$ e o estado "
        "oculto anterior $h_{t-1}$. A porta de esquecimento $f_t$ (0 = esquece tudo, 1 = guarda tudo) escala o "
        "estado anterior $C_{t-1}$; a porta de entrada $i_t$ decide quanto do candidato $\\tilde C_t$ escrever; "
        "a porta de saída $o_t$ decide quanto da memória aparece em $h_t$.\n\n"
        "Os mapas de calor mostram cada unidade (linhas) em cada passo (colunas): portas em [0, 1] numa escala "
        "sequencial, valores com sinal numa escala vermelho-azul centrada em 0. As equações à direita usam os "
        "pesos deste modelo: são os mesmos números que o `torch.nn.LSTM` calcula."
    ),
    "Set the forget bias to 3 and watch C_t hold on to a single spike": (
        "Ponha o viés de esquecimento em 3 e veja C_t segurar um pulso único"
    ),
    "Set the forget bias to −3: the cell forgets at once": "Ponha o viés de esquecimento em −3: a célula esquece logo",
    "Close the input gate (bias −5): nothing new is written": (
        "Feche a porta de entrada (viés −5): nada novo é escrito"
    ),
    # sequence kinds
    "sine": "seno",
    "noisy sine": "seno com ruído",
    "step": "degrau",
    "single spike": "pulso único",
    "random walk": "passeio aleatório",
    "square wave": "onda quadrada",
    # figures
    "input gate i_t": "porta de entrada i_t",
    "forget gate f_t": "porta de esquecimento f_t",
    "candidate C̃_t": "candidato C̃_t",
    "output gate o_t": "porta de saída o_t",
    "cell state C_t": "estado da célula C_t",
    "hidden state h_t": "estado oculto h_t",
    "timestep t": "passo de tempo t",
    "unit": "unidade",
    "value": "valor",
}


def lang() -> str:
    return st.session_state.get("lang", "en")


MISSING: set[str] = set()  # texts asked for in Portuguese that have no translation (a test keeps it empty)


def t(text: str, **fields) -> str:
    """`text` in the current language, with `fields` formatted in."""
    out = text
    if lang() == "pt":
        out = PT.get(text)
        if out is None:
            MISSING.add(text)
            out = text
    return out.format(**fields) if fields else out
