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

GRAD_EXPLAIN = (
    "**Backpropagation through time** runs the cell backwards: the gradient on $h_t$ flows into $C_t$, and "
    "from $C_t$ to $C_{t-1}$ it is multiplied by the forget gate alone: "
    "$\\partial C_t / \\partial C_{t-1} = f_t$. Along that *gradient highway* the signal survives as long "
    "as the forget gates stay near 1 (dashed black line: the product of forget gates times the last step's "
    "gradient). A plain RNN has no such path: every step multiplies the gradient by $W_{hh}$ and the slope of "
    "tanh, so it shrinks geometrically (vanishes) or, with large weights, grows (explodes)."
)
MEMORY_EXPLAIN = (
    "Each sequence has two channels: random values in [0, 1], and a marker that is 1 at exactly two steps, one "
    "in each half. The target is the sum of the two marked values. Always answering 1 scores MSE = 1/6 ≈ 0.167 "
    "(dashed line); beating it requires remembering a value seen up to T steps earlier. At T = 50 the LSTM "
    "learns it within 1000 steps and the RNN stays at the baseline (checked on six seeds: "
    "`python -m bench.memory_task_check`)."
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
    # gradients page
    GRAD_EXPLAIN: (
        "A **retropropagação no tempo** roda a célula de trás para frente: o gradiente em $h_t$ flui para $C_t$, "
        "e de $C_t$ para $C_{t-1}$ é multiplicado apenas pela porta de esquecimento: "
        "$\\partial C_t / \\partial C_{t-1} = f_t$. Nessa *rodovia do gradiente* o sinal sobrevive enquanto as "
        "portas de esquecimento ficam perto de 1 (linha preta tracejada: o produto das portas de esquecimento "
        "vezes o gradiente do último passo). Uma RNN simples não tem esse caminho: cada passo multiplica o "
        "gradiente por $W_{hh}$ e pela inclinação da tanh, então ele encolhe geometricamente (desaparece) ou, com "
        "pesos grandes, cresce (explode)."
    ),
    MEMORY_EXPLAIN: (
        "Cada sequência tem dois canais: valores aleatórios em [0, 1] e um marcador que vale 1 em exatamente dois "
        "passos, um em cada metade. O alvo é a soma dos dois valores marcados. Responder sempre 1 dá MSE = 1/6 ≈ "
        "0,167 (linha tracejada); superar isso exige lembrar um valor visto até T passos antes. Com T = 50 a LSTM "
        "aprende em 1000 passos e a RNN fica na linha de base (verificado em seis sementes: "
        "`python -m bench.memory_task_check`)."
    ),
    "Gradients flow back through time": "Os gradientes voltam no tempo",
    "Backpropagation through time, by hand": "Retropropagação no tempo, à mão",
    "Model and input: {source} (change them on the Cell page)": "Modelo e entrada: {source} (mude-os na página Célula)",
    "a fresh seeded LSTM (8 units, 2 layers) on a noisy sine of 60 steps": (
        "uma LSTM nova com semente (8 unidades, 2 camadas) num seno com ruído de 60 passos"
    ),
    "Loss": "Perda",
    "a target at the last step: L = Σ h_T": "um alvo no último passo: L = Σ h_T",
    "a target at every step: L = Σ_t Σ h_t": "um alvo em cada passo: L = Σ_t Σ h_t",
    "Hand-written BPTT vs autograd: largest difference over all weight gradients": (
        "BPTT escrita à mão vs autograd: maior diferença entre todos os gradientes dos pesos"
    ),
    "Computed now, on this model: lstmviz.bptt against torch.autograd on the nn.LSTM itself.": (
        "Calculada agora, neste modelo: lstmviz.bptt contra torch.autograd no próprio nn.LSTM."
    ),
    "Some gradients overflowed to inf or NaN with these settings; they are left out of the charts.": (
        "Alguns gradientes estouraram para inf ou NaN com estes ajustes; eles ficam fora dos gráficos."
    ),
    "RNN vs GRU vs LSTM: how far back does the gradient reach?": "RNN vs GRU vs LSTM: até onde o gradiente alcança?",
    "Sequence length T": "Comprimento da sequência T",
    "LSTM forget-gate bias shift": "Deslocamento do viés de esquecimento da LSTM",
    "Seed": "Semente",
    "The gradient overflowed (exploded past the largest float) for some distances: those are gaps.": (
        "O gradiente estourou (passou do maior float) em algumas distâncias: ali o gráfico tem lacunas."
    ),
    "Exploding gradients and clipping": "Gradientes explosivos e recorte",
    "Clip threshold (max gradient norm)": "Limite de recorte (norma máxima do gradiente)",
    "Recurrent weight scale of the RNN (W_hh ×)": "Escala dos pesos recorrentes da RNN (W_hh ×)",
    "without clipping": "sem recorte",
    "with clip_grad_norm_": "com clip_grad_norm_",
    "A task that needs memory: the adding problem": "Uma tarefa que exige memória: o problema da soma",
    "Training steps per model": "Passos de treino por modelo",
    "Set the forget bias to 3: the LSTM's gradient reaches far back": (
        "Ponha o viés de esquecimento em 3: o gradiente da LSTM alcança longe"
    ),
    "Scale the recurrent weights ×4: the RNN's gradient explodes": (
        "Multiplique os pesos recorrentes por 4: o gradiente da RNN explode"
    ),
    "Train RNN and LSTM": "Treinar RNN e LSTM",
    "Stop": "Parar",
    "Stops training and keeps what was learned.": "Para o treino e guarda o que foi aprendido.",
    "Cancel": "Cancelar",
    "Other users are training right now; yours starts when a slot frees up ({s:.0f} s).": (
        "Outras pessoas estão treinando agora; o seu começa quando uma vaga abrir ({s:.0f} s)."
    ),
    "{cell}: step {step} of {steps}": "{cell}: passo {step} de {steps}",
    "Press Train to train both models on sequences of T steps (about 10 s).": (
        "Aperte Treinar para treinar os dois modelos em sequências de T passos (cerca de 10 s)."
    ),
    "learned the task": "aprendeu a tarefa",
    "stays near the baseline: it cannot remember": "fica perto da linha de base: não consegue lembrar",
    "**{cell}** after {n} steps (T = {T}): mean loss of the last 100 steps {loss:.3f} — {verdict}.": (
        "**{cell}** após {n} passos (T = {T}): perda média dos últimos 100 passos {loss:.3f} — {verdict}."
    ),
    "Run the clipping demo": "Rodar a demonstração de recorte",
    "Trains the same exploding RNN twice (about 1 s): once as is, once with clip_grad_norm_ at the threshold.": (
        "Treina a mesma RNN explosiva duas vezes (cerca de 1 s): uma sem nada, outra com clip_grad_norm_ no limite."
    ),
    "Press Run to train the same exploding RNN with and without clipping.": (
        "Aperte Rodar para treinar a mesma RNN explosiva com e sem recorte."
    ),
    "Shown: clip threshold {clip}. Press Run again to use the new threshold.": (
        "Mostrado: limite de recorte {clip}. Aperte Rodar de novo para usar o novo limite."
    ),
    # gradient figures
    "Gradient norm at each step": "Norma do gradiente em cada passo",
    "norm (log scale)": "norma (escala log)",
    "‖dL/dC_T ⊙ ∏ f‖: the cell-state path alone": "‖dL/dC_T ⊙ ∏ f‖: só o caminho do estado da célula",
    "dL/dC_t, layer {layer}": "dL/dC_t, camada {layer}",
    "layer": "camada",
    "How far back does the gradient reach?": "Até onde o gradiente alcança?",
    "distance T − t (steps back)": "distância T − t (passos para trás)",
    "Gradient norm before clipping": "Norma do gradiente antes do recorte",
    "training step": "passo de treino",
    "clip threshold": "limite de recorte",
    "Training loss": "Perda de treino",
    "loss (log)": "perda (log)",
    "Adding problem: who remembers?": "Problema da soma: quem lembra?",
    "trivial baseline (always predict the mean)": "linha de base trivial (sempre prever a média)",
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
