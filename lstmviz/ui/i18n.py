"""Every text of the app in English and Portuguese (Brazil), in one place.

The English text is the key (as in gettext): code reads `t("Hidden units")`, and the
library's figure builders take `tr=t`, so a notebook user gets English with no catalogue.
"""

from __future__ import annotations

import datetime
import numbers
import re

import numpy as np
import plotly.graph_objects as go
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
    "leaves the baseline after 300–650 steps and ends near 0.001, while the RNN stays at 0.17–0.19 (seeds 0–5, "
    "1500 steps: `python -m bench.memory_task_check`)."
)

TRAIN_EXPLAIN = (
    "**Forecasting honestly.** The series is cut by time: the model learns on the oldest part (train), "
    "early stopping watches the next part (validation), and the newest part (test) is never seen until the "
    "scores are computed. The scaler is fit on the training part only; fitting it on the whole series would "
    "leak the future's level into the past. Every prediction reads only values before its date.\n\n"
    "**Persistence** (tomorrow = today) is the baseline to beat: on prices it is hard to beat, and a chart of "
    "one-step predictions always looks close to the actual curve, because each prediction starts from the "
    "value just before it. Compare the RMSE in the table, not the look of the chart."
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
    "⏸ Pause": "⏸ Pausar",
    "Auto-scale": "Escala automática",
    "Fixed scales: gates on [0, 1], C̃ₜ and hₜ on [−1, 1], Cₜ on the smallest whole range that holds it. "
    "Auto-scale stretches each to its data.": (
        "Escalas fixas: portas em [0, 1], C̃ₜ e hₜ em [−1, 1], Cₜ no menor intervalo inteiro que o contém. "
        "A escala automática ajusta cada uma aos seus dados."
    ),
    "Each heatmap: one row per unit, one column per timestep t; the black bar marks the unit in the equations.": (
        "Cada mapa de calor: uma linha por unidade, uma coluna por passo de tempo t; a barra preta marca a unidade "
        "das equações."
    ),
    "forget gate": "porta de esquecimento",
    "input gate": "porta de entrada",
    "candidate": "candidato",
    "output gate": "porta de saída",
    "cell state": "estado da célula",
    "hidden state": "estado oculto",
    "input": "entrada",
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
    TRAIN_EXPLAIN: (
        "**Prever com honestidade.** A série é cortada no tempo: o modelo aprende com a parte mais antiga (treino), "
        "a parada antecipada observa a parte seguinte (validação), e a parte mais recente (teste) só é vista quando "
        "as notas são calculadas. O padronizador é ajustado só na parte de treino; ajustá-lo na série inteira "
        "vazaria o nível do futuro para o passado. Cada previsão lê apenas valores anteriores à sua data.\n\n"
        "**Persistência** (amanhã = hoje) é a referência a vencer: em preços ela é difícil de vencer, e um gráfico "
        "de previsões de um passo sempre parece próximo da curva real, porque cada previsão parte do valor logo "
        "anterior. Compare o RMSE na tabela, não a aparência do gráfico."
    ),
    MEMORY_EXPLAIN: (
        "Cada sequência tem dois canais: valores aleatórios em [0, 1] e um marcador que vale 1 em exatamente dois "
        "passos, um em cada metade. O alvo é a soma dos dois valores marcados. Responder sempre 1 dá MSE = 1/6 ≈ "
        "0,167 (linha tracejada); superar isso exige lembrar um valor visto até T passos antes. Com T = 50 a LSTM "
        "sai da linha de base após 300–650 passos e termina perto de 0,001, enquanto a RNN fica em 0,17–0,19 "
        "(sementes 0–5, 1500 passos: `python -m bench.memory_task_check`)."
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
    "timestep t": "passo de tempo t",
    "unit": "unidade",
    # train page
    "Train a forecaster, honestly": "Treine um modelo de previsão, com honestidade",
    "Train a forecaster on real or synthetic data and compare it with naive baselines": (
        "Treine um modelo de previsão com dados reais ou sintéticos e compare com referências ingênuas"
    ),
    "Stopping: finishing the current epoch and keeping what was learned…": (
        "Parando: terminando a época atual e mantendo o que foi aprendido…"
    ),
    "Results": "Resultados",
    "Trained on {label}.": "Treinado com {label}.",
    "this model": "este modelo",
    "persistence (last value)": "persistência (último valor)",
    "moving average of the window": "média móvel da janela",
    "linear trend of the window": "tendência linear da janela",
    "direction right (%)": "direção certa (%)",
    "Test metrics, one step ahead, against naive baselines": (
        "Métricas de teste, um passo à frente, contra referências ingênuas"
    ),
    "Same test windows for every row; best value of each column in green. Persistence predicts no change, so it "
    "has no direction to get right.": (
        "As mesmas janelas de teste em todas as linhas; o melhor valor de cada coluna em verde. A persistência "
        "prevê que nada muda, então não tem direção a acertar."
    ),
    "Beyond the data": "Além dos dados",
    "What the model expects after the last row: a guess no data can check yet.": (
        "O que o modelo espera depois da última linha: um palpite que nenhum dado pode conferir ainda."
    ),
    "Download and inspect": "Baixar e inspecionar",
    "Predictions (CSV)": "Previsões (CSV)",
    "Model (.pt)": "Modelo (.pt)",
    "Config (JSON)": "Configuração (JSON)",
    "Preset": "Modelo pronto",
    "custom": "personalizado",
    "Data": "Dados",
    "Preprocessing": "Pré-processamento",
    "Lookback (steps in each window)": "Janela (passos de entrada)",
    "Horizon (steps forecast at once)": "Horizonte (passos previstos de uma vez)",
    "the value itself": "o próprio valor",
    "log return (change from the day before)": "retorno logarítmico (variação em relação ao dia anterior)",
    "The model learns": "O modelo aprende",
    "Training": "Treinamento",
    "Epochs": "Épocas",
    "Learning rate (Adam)": "Taxa de aprendizado (Adam)",
    "Data: {label}. Model: {cell} {layers}×{hidden}, {params} parameters, {inputs} input column(s).": (
        "Dados: {label}. Modelo: {cell} {layers}×{hidden}, {params} parâmetros, {inputs} coluna(s) de entrada."
    ),
    "Load a saved model": "Carregar um modelo salvo",
    "Model file (.pt) saved by this app": "Arquivo de modelo (.pt) salvo por este app",
    "Evaluate it on the current data": "Avaliá-lo com os dados atuais",
    "model": "modelo",
    "{name} on {label}": "{name} em {label}",
    "This file cannot be used: {error}": "Este arquivo não pode ser usado: {error}",
    "This file cannot be used: {error}.": "Este arquivo não pode ser usado: {error}.",
    "Stopped at epoch {e}: showing the best weights learned so far.": (
        "Parado na época {e}: mostrando os melhores pesos aprendidos até aqui."
    ),
    "Multi-step forecast": "Previsão de vários passos",
    "Forecast origin": "Origem da previsão",
    "Inspect this model in the cell": "Inspecionar este modelo na célula",
    "Trained on {label}, the last window": "Treinado com {label}, a última janela",
    "The cell view shows LSTM cells; train an LSTM to inspect it.": (
        "A visão da célula mostra células LSTM; treine uma LSTM para inspecioná-la."
    ),
    "Validation share": "Fração de validação",
    "Test share": "Fração de teste",
    "Dropout between layers": "Dropout entre camadas",
    "Batch size": "Tamanho do lote",
    "Weight decay": "Decaimento de pesos",
    "Gradient clipping (max norm)": "Corte de gradiente (norma máxima)",
    "Early stopping patience (epochs)": "Paciência da parada antecipada (épocas)",
    "Stop when the validation loss has not improved for this many epochs; 0 never stops early.": (
        "Para quando a perda de validação não melhora por este número de épocas; 0 nunca para antes."
    ),
    "The last model was released after a long idle time to free memory; press Train to train again.": (
        "O último modelo foi liberado após muito tempo ocioso, para poupar memória; clique em Treinar de novo."
    ),
    "Press Train: the default trains in a few seconds.": "Clique em Treinar: o padrão treina em poucos segundos.",
    "The model beats persistence on the test split: RMSE {m:.4g} against {p:.4g} ({c:.1f}% lower).": (
        "O modelo vence a persistência no conjunto de teste: RMSE {m:.4g} contra {p:.4g} ({c:.1f}% menor)."
    ),
    "The model does not beat persistence on the test split: RMSE {m:.4g} against {p:.4g} (tomorrow = today is "
    "{c:.1f}% better). A chart that looks good can still be this.": (
        "O modelo não vence a persistência no conjunto de teste: RMSE {m:.4g} contra {p:.4g} (amanhã = hoje é "
        "{c:.1f}% melhor). Um gráfico bonito pode esconder isso."
    ),
    "Even so, a simpler forecast does better: the {name} scores RMSE {r:.4g}.": (
        "Mesmo assim, uma previsão mais simples se sai melhor: a {name} tem RMSE {r:.4g}."
    ),
    "No data to train on yet: the message under **Data** in the sidebar says why.": (
        "Ainda não há dados para treinar: a mensagem em **Dados**, na barra lateral, diz por quê."
    ),
    "These settings do not fit the data: the message at the end of the sidebar says how to fix it.": (
        "Estas configurações não cabem nos dados: a mensagem no fim da barra lateral diz como corrigir."
    ),
    "Earlier runs in this session": "Treinos anteriores nesta sessão",
    "- {label}: {cell} {layers}×{hidden}, lookback {L}, test RMSE {rmse:.4g}": (
        "- {label}: {cell} {layers}×{hidden}, janela {L}, RMSE de teste {rmse:.4g}"
    ),
    "Extra input features": "Variáveis de entrada extras",
    "These settings do not fit the data: {error}": "Estas configurações não cabem nos dados: {error}",
    "Epoch {e} of {n}": "Época {e} de {n}",
    "Dates": "Datas",
    "up to today": "até hoje",
    "between two dates": "entre duas datas",
    "From": "De",
    "Pick both dates.": "Escolha as duas datas.",
    "To (included)": "Até (inclusive)",
    "The start date comes after the end date; swap them or pick another range.": (
        "A data inicial vem depois da final; troque-as ou escolha outro intervalo."
    ),
    "Train StockLSTM on the S&P 500 and compare with persistence": (
        "Treine a StockLSTM no S&P 500 e compare com a persistência"
    ),
    "Learn log returns instead of prices": "Aprenda retornos logarítmicos em vez de preços",
    # data sources
    "Source": "Fonte",
    "Bundled sample": "Amostra incluída",
    "Yahoo Finance": "Yahoo Finance",
    "Series": "Série",
    "Length (days)": "Tamanho (dias)",
    "Noise": "Ruído",
    "synthetic {kind}, {n} days": "{kind} sintético, {n} dias",
    "S&P 500, daily 1999–2018": "S&P 500, diário 1999–2018",
    "VIX, daily 2014–2019": "VIX, diário 2014–2019",
    "Sample": "Amostra",
    "Column to forecast": "Coluna a prever",
    "Real data bundled with the app (from the arch package's data sets, originally Yahoo Finance).": (
        "Dados reais incluídos no app (dos conjuntos de dados do pacote arch, originalmente do Yahoo Finance)."
    ),
    "{name} (bundled sample), {column}, {n} rows": "{name} (amostra incluída), {column}, {n} linhas",
    "Use the last N rows": "Usar as últimas N linhas",
    "Fewer rows train faster; the split is made on these rows, oldest first.": (
        "Menos linhas treinam mais rápido; a divisão é feita nestas linhas, das mais antigas às mais novas."
    ),
    "Tickers (comma separated)": "Tickers (separados por vírgula)",
    "Yahoo symbols, e.g. AAPL, MSFT, ^GSPC": "Símbolos do Yahoo, por exemplo AAPL, MSFT, ^GSPC",
    "Period": "Período",
    "Interval": "Frequência",
    "daily": "diário",
    "weekly": "semanal",
    "Downloading from Yahoo Finance…": "Baixando do Yahoo Finance…",
    "Yahoo Finance has no prices for {names}; check the symbol.": (
        "O Yahoo Finance não tem preços para {names}; confira o símbolo."
    ),
    "Could not reach Yahoo Finance: check the connection, or work offline with the sample.": (
        "Não foi possível acessar o Yahoo Finance: confira a conexão, ou trabalhe offline com a amostra."
    ),
    "Yahoo Finance is rate limiting this server; try again in a minute.": (
        "O Yahoo Finance está limitando os pedidos deste servidor; tente de novo em um minuto."
    ),
    "Yahoo Finance sent an answer that could not be read; try again later.": (
        "O Yahoo Finance enviou uma resposta ilegível; tente mais tarde."
    ),
    "Use the bundled S&P 500 sample": "Usar a amostra do S&P 500 incluída",
    "Try again": "Tentar de novo",
    "{symbols} from Yahoo Finance ({period}, {interval}), {n} rows": (
        "{symbols} do Yahoo Finance ({period}, {interval}), {n} linhas"
    ),
    "CSV file (up to 20 MB)": "Arquivo CSV (até 20 MB)",
    "A date column (optional) and at least one numeric column; one row per date.": (
        "Uma coluna de data (opcional) e pelo menos uma coluna numérica; uma linha por data."
    ),
    "Upload a CSV file to train on it.": "Envie um arquivo CSV para treinar com ele.",
    "Ignored (not numeric): {names}": "Ignoradas (não numéricas): {names}",
    "No date column found: rows are numbered in file order.": (
        "Nenhuma coluna de data encontrada: as linhas são numeradas na ordem do arquivo."
    ),
    "Missing values": "Valores ausentes",
    "stop and tell me": "parar e me avisar",
    "drop those rows": "descartar essas linhas",
    "carry the last value forward": "repetir o último valor",
    "{name}, {column}, {n} rows": "{name}, {column}, {n} linhas",
    "{error}": "{error}",
    "trend + seasonality": "tendência + sazonalidade",
    "AR(1)": "AR(1)",
    "sum of sines": "soma de senos",
    "demand": "demanda",
    "temperature": "temperatura",
    "holiday": "feriado",
    "weekend": "fim de semana",
    "weekday_sin": "dia da semana (seno)",
    "weekday_cos": "dia da semana (cosseno)",
    "yearday_sin": "dia do ano (seno)",
    "yearday_cos": "dia do ano (cosseno)",
    "promotion": "promoção",
    "price": "preço",
    "Classroom sine": "Seno da aula",
    "StockLSTM": "StockLSTM",
    "DemandLSTM": "DemandLSTM",
    "Keras-style LSTM": "LSTM estilo Keras",
    # train figures
    "The data and its chronological split": "Os dados e sua divisão cronológica",
    "train": "treino",
    "val": "validação",
    "test": "teste",
    "train loss": "perda de treino",
    "validation loss": "perda de validação",
    "Loss per epoch": "Perda por época",
    "epoch": "época",
    "MSE (scaled, log)": "EQM (padronizado, log)",
    "MSE": "EQM",
    "best (kept)": "melhor (mantido)",
    "actual": "real",
    "predicted (one step ahead)": "previsto (um passo à frente)",
    "Predictions against actuals": "Previsões contra valores reais",
    "Residuals (predicted − actual)": "Resíduos (previsto − real)",
    "residual": "resíduo",
    "known values": "valores conhecidos",
    "forecast": "previsão",
    "forecast beyond the data": "previsão além dos dados",
    "what actually happened": "o que de fato aconteceu",
    "{h}-step forecast from {origin}": "Previsão de {h} passos a partir de {origin}",
    "Forecast beyond the data": "Previsão além dos dados",
    "beyond the data: nothing to check against": "além dos dados: nada com que comparar",
    # presets
    "Close only, 60-day windows, a 2-layer LSTM of 50 units with dropout 0.2, Adam 1e-3, MSE: 31,051 parameters.": (
        "Só o fechamento, janelas de 60 dias, LSTM de 2 camadas com 50 unidades e dropout 0,2, Adam 1e-3, EQM: "
        "31.051 parâmetros."
    ),
    "The classic tutorial stack LSTM(50) -> LSTM(50) -> Dense(1) on 60-day windows, no dropout. Keras reports "
    "30,651 parameters; PyTorch has 31,051 because each gate has two bias vectors.": (
        "A pilha clássica dos tutoriais LSTM(50) -> LSTM(50) -> Dense(1) em janelas de 60 dias, sem dropout. O Keras "
        "conta 30.651 parâmetros; o PyTorch tem 31.051 porque cada porta tem dois vetores de viés."
    ),
    "Predict the next value of a noisy sine from the last 20: small enough to train live in class.": (
        "Prever o próximo valor de um seno com ruído a partir dos 20 últimos: pequeno o bastante para treinar ao vivo "
        "em aula."
    ),
    "30 days x 10 features in (demand, temperature, holiday, calendar, promotion, price), 30 days of demand out.": (
        "30 dias x 10 variáveis de entrada (demanda, temperatura, feriado, calendário, promoção, preço), 30 dias de "
        "demanda na saída."
    ),
}


def lang() -> str:
    return st.session_state.get("lang", "en")


_PT_SEPARATORS = str.maketrans({",": ".", ".": ","})  # 31,051.5 -> 31.051,5


def decimal() -> str:
    """The language's decimal separator: "." in English, "," in Portuguese."""
    return "," if lang() == "pt" else "."


def date_format() -> str:
    """strftime format of a day: 2023-09-13 in English (ISO), 13/09/2023 in Portuguese."""
    return "%d/%m/%Y" if lang() == "pt" else "%Y-%m-%d"


def date_input_format() -> str:
    """The same for st.date_input, which writes its format in its own letters."""
    return "DD/MM/YYYY" if lang() == "pt" else "YYYY-MM-DD"


def number(x: float, spec: str = ",") -> str:
    """A number formatted by `spec` with the language's separators: 31,051 / 0.25 in English, 31.051 / 0,25 in
    Portuguese."""
    text = format(x, spec)
    return text.translate(_PT_SEPARATORS) if lang() == "pt" else text


class _PtNumber:
    """A number field of a Portuguese text: formatted by its spec, then with the separators swapped."""

    __slots__ = ("value",)

    def __init__(self, value: numbers.Real) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec).translate(_PT_SEPARATORS)


# Plotly's own texts (the modebar) and number and date formats in Portuguese: months on date axes, decimal
# comma and thousands dot on every axis and hover label. Passed with each chart (plotly.js config "locales").
PLOTLY_PT = {
    "dictionary": {
        "Autoscale": "Escala automática",
        "Box Select": "Seleção retangular",
        "Compare data on hover": "Comparar dados ao pairar",
        "Double-click on legend to isolate one trace": "Duplo clique na legenda para isolar uma série",
        "Double-click to zoom back out": "Duplo clique para desfazer o zoom",
        "Download plot as a png": "Baixar o gráfico como imagem (png)",
        "Download plot": "Baixar o gráfico",
        "Lasso Select": "Seleção por laço",
        "Pan": "Mover",
        "Reset axes": "Restaurar eixos",
        "Reset": "Restaurar",
        "Show closest data on hover": "Mostrar o dado mais próximo ao pairar",
        "Toggle Spike Lines": "Mostrar ou esconder linhas de referência",
        "Zoom": "Zoom",
        "Zoom in": "Aproximar",
        "Zoom out": "Afastar",
        "trace": "série",
    },
    "format": {
        "days": ["domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"],
        "shortDays": ["dom", "seg", "ter", "qua", "qui", "sex", "sáb"],
        "months": [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],  # fmt: skip
        "shortMonths": ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": ".",
    },
}


def plotly_config() -> dict:
    """st.plotly_chart's config for the current language."""
    config = {"displaylogo": False}
    if lang() == "pt":
        config.update(locale="pt-BR", locales={"pt-BR": PLOTLY_PT})
    return config


# Portuguese date ticks: the day before the month (plotly's automatic formats write "Sep 10").
PT_DATE_TICKS = [
    dict(dtickrange=[None, 86_400_000], value="%d/%m %H:%M"),
    dict(dtickrange=[86_400_000, "M1"], value="%-d %b"),
    dict(dtickrange=["M1", "M12"], value="%b %Y"),
    dict(dtickrange=["M12", None], value="%Y"),
]


def localise_figure(fig: go.Figure) -> go.Figure:
    """What plotly_config's locale cannot do: in Portuguese, date axes write the day first."""
    if lang() == "pt" and _has_dates(fig):
        fig.update_xaxes(tickformatstops=PT_DATE_TICKS, hoverformat=date_format())
    return fig


def _has_dates(fig: go.Figure) -> bool:
    for trace in fig.data:
        if getattr(trace, "x", None) is None:
            continue
        x = np.asarray(trace.x)
        if x.size and (x.dtype.kind == "M" or isinstance(x.flat[0], datetime.date | np.datetime64)):
            return True
    return False


MISSING: set[str] = set()  # texts asked for in Portuguese that have no translation (a test keeps it empty)
MISSING_MAX = 200  # error messages can hold user input: a server keeps only the first few


def _missing(text: str) -> None:
    if len(MISSING) < MISSING_MAX:
        MISSING.add(text)


def t(text: str, **fields) -> str:
    """`text` in the current language, with `fields` formatted in (numbers with the language's separators)."""
    out = text
    if lang() == "pt":
        out = PT.get(text)
        if out is None:
            _missing(text)
            out = text
        fields = {
            k: _PtNumber(v) if isinstance(v, numbers.Real) and not isinstance(v, bool) else v for k, v in fields.items()
        }  # numbers with the Portuguese separators: RMSE 11,81; 24,8%
    return out.format(**fields) if fields else out


# The library's error messages are English (it is usable from a notebook); these patterns give
# the ones a user can cause from the app in Portuguese, with the same numbers and names.
_ERRORS_PT: list[tuple[re.Pattern, str]] = [
    (re.compile(p), pt)
    for p, pt in [
        (
            r"^lookback \((?P<L>\d+)\) \+ horizon \((?P<H>\d+)\) must be shorter than the training split "
            r"\((?P<a>\d+) rows of (?P<n>\d+)\); shorten them or use more data$",
            "janela ({L}) + horizonte ({H}) precisam ser menores que a parte de treino ({a} de {n} linhas); "
            "diminua-os ou use mais dados",
        ),
        (
            r"^the validation split \((?P<v>\d+) rows\) must hold at least one horizon \((?P<H>\d+)\); "
            r"raise val_fraction \((?P<f>[\d.]+)\) or use more data$",
            "a parte de validação ({v} linhas) precisa conter ao menos um horizonte ({H}); aumente a fração de "
            "validação ({f}) ou use mais dados",
        ),
        (
            r"^test_fraction \((?P<f>[\d.]+)\) of (?P<n>\d+) rows leaves no test row; use more data$",
            "a fração de teste ({f}) de {n} linhas não deixa nenhuma linha de teste; use mais dados",
        ),
        (
            r"^target_mode 'log_return' needs positive values; (?P<c>.+) has some at or below 0$",
            "retornos logarítmicos precisam de valores positivos; {c} tem valores menores ou iguais a 0",
        ),
        (r"^data has NaN or infinite values", "os dados têm valores NaN ou infinitos; limpe-os antes"),
        (r"^data's index must be increasing", "as datas precisam estar em ordem crescente, sem repetição"),
        (
            r"^the file is larger than the (?P<mb>\d+) MB limit; upload fewer rows$",
            "o arquivo passa do limite de {mb} MB; envie menos linhas",
        ),
        (r"^could not read the file as CSV: (?P<e>.*)$", "não foi possível ler o arquivo como CSV: {e}"),
        (r"^the CSV has a header but no rows$", "o CSV tem cabeçalho mas nenhuma linha"),
        (r"^the CSV has no numeric column \(columns: (?P<c>.*)\)$", "o CSV não tem coluna numérica (colunas: {c})"),
        (
            r"^column (?P<c>.+): (?P<k>\d+) of (?P<n>\d+) values are not dates \(first: (?P<v>.*)\)$",
            "coluna {c}: {k} de {n} valores não são datas (o primeiro: {v})",
        ),
        (
            r"^column (?P<c>.+) repeats the date (?P<d>\S+); one row per date, please$",
            "a coluna {c} repete a data {d}; uma linha por data, por favor",
        ),
        (
            r"^column (?P<c>.+) has (?P<k>\d+) missing values \(first at (?P<f>.+)\); choose",
            "a coluna {c} tem {k} valores ausentes (o primeiro em {f}); escolha descartar essas linhas ou repetir o "
            "último valor",
        ),
        (
            r"^column (?P<c>.+) is not in data \(columns: (?P<cs>.*)\)$",
            "a coluna {c} não está nos dados (colunas: {cs})",
        ),
        (r"^tickers is empty", "nenhum ticker; digite ao menos um símbolo, por exemplo AAPL"),
        (r"^at most (?P<m>\d+) tickers at once, got (?P<n>\d+)$", "no máximo {m} tickers de uma vez; foram {n}"),
        (
            r"^ticker (?P<s>.+) is not a Yahoo symbol",
            "o ticker {s} não é um símbolo do Yahoo (letras, dígitos e . ^ = -)",
        ),
        (r"^type at least one number", "digite ao menos um número, por exemplo 0.1, 0.5, -0.3"),
        (r"^at most (?P<m>\d+) values, got (?P<n>\d+)$", "no máximo {m} valores; foram {n}"),
        (r"^value (?P<k>\d+) \((?P<v>.*)\) is not a number$", "o valor {k} ({v}) não é um número"),
        (r"^value (?P<k>\d+) \((?P<v>.*)\) is not a finite number$", "o valor {k} ({v}) não é um número finito"),
        (r"^not a saved lstmviz model", "não é um modelo salvo por este app"),
        (r"^the saved weights do not fit the saved config", "os pesos salvos não correspondem à configuração salva"),
        (
            r"^the model reads (?P<k>\d+) columns per step; this data gives (?P<m>\d+)",
            "o modelo lê {k} colunas por passo; estes dados dão {m}",
        ),
    ]
]


def error_text(err: Exception) -> str:
    """A library error's message in the current language (English as raised; Portuguese by pattern)."""
    message = str(err)
    if lang() != "pt":
        return message
    for pattern, pt in _ERRORS_PT:
        match = pattern.search(message)
        if match:
            return pt.format(**match.groupdict())
    _missing(message)
    return message
