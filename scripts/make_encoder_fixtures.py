#!/usr/bin/env python3
"""Writes the BertEncoder test fixtures into Tests/BertEncoderTests/Fixtures/.

(a) tiny-bert/: a tiny randomly initialised BertModel (fixed seed) saved as a
    sentence-transformers directory with its own WordPiece vocabulary, plus
    tiny-bert-reference.json (token ids, mean / CLS / max pooled and normalised vectors,
    computed by PyTorch one unpadded sentence at a time and checked against
    sentence-transformers' encode), and F16 / BF16 copies of its weights with the outputs
    PyTorch gives for those rounded weights. Committed; runs in every test run.
(b) minilm-parity.json + minilm-parity.f32: 200+ real sentences in several languages, the
    input ids of the reference tokenizer of all-MiniLM-L6-v2, and sentence-transformers'
    normalised embeddings (little-endian float32, one row per sentence). Needs the model in
    $OPINE_MODEL_DIR or ~/.cache/opine/models/all-MiniLM-L6-v2 (skipped when absent).

Usage: pip install torch transformers sentence-transformers safetensors
       HF_HUB_OFFLINE=1 python3 scripts/make_encoder_fixtures.py [--tiny-only]
"""

import json
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch  # noqa: E402
from safetensors.torch import save_file  # noqa: E402
from sentence_transformers import SentenceTransformer, models  # noqa: E402
from transformers import AutoTokenizer, BertConfig, BertModel  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "BertEncoderTests" / "Fixtures"
SEED = 20240611

# ---------------------------------------------------------------------------------------
# (a) tiny model
# ---------------------------------------------------------------------------------------

TINY_WORDS = """
the a an and or but not no never very really quite so too this that these those it is
was were be been are am i you he she we they my your his her our their me him us them
movie film story plot actor actors acting scene scenes ending music script director
good great bad awful terrible wonderful boring funny sad happy love loved hate hated
like liked enjoy enjoyed best worst fine nice dull brilliant beautiful ugly slow fast
long short too much more most less least all some any one two three time times day
of in on at to for with without from by about as than then when while if because
do did does have has had make made see saw watch watched think thought feel felt
cafe naive resume what who how why where which there here just only even still yet
""".split()

TINY_SUFFIXES = ["##s", "##ed", "##ing", "##ly", "##er", "##est", "##ful", "##ness", "##y", "##n't"]

TINY_TEXTS = [
    "The movie was great!",
    "I did not like the ending.",
    "A wonderful, beautiful film.",
    "Boring plot, awful acting and a slow script.",
    "Never watched anything so dull.",
    "It's not bad... it's really quite good!!",
    "Café naïve résumé",
    "THE ACTORS WERE FUNNY",
    "what? why? how?",
    "I loved it, but my friends hated the music.",
    "actors acting actingly",
    "Zebra xylophone quokka",
    "一 movie 二",
    "the best 🎬 film",
    "",
    "the the the the the the the the the the the the the the the the the the the the "
    "the the the the the the the the the the the the the the the the the the the the the",
    "Not the worst film, not the best; still, I enjoyed two scenes and the short ending.",
    "We thought the story was too long, and the director made it slower than it had to be.",
    "1 2 3 + 4 = ten",
    "She felt happy when the happy music played.",
]

TINY_MAX_SEQ_LENGTH = 40


def tiny_vocab():
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    punctuation = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    digits = [str(d) for d in range(10)]
    pieces = ["##" + c for c in letters] + TINY_SUFFIXES
    vocab = []
    for token in specials + punctuation + digits + letters + pieces + TINY_WORDS:
        if token not in vocab:
            vocab.append(token)
    return vocab


def randomise(model, generator):
    """HF initialises LayerNorm to (1, 0) and biases to 0; perturb them so a loader that
    drops a bias or a LayerNorm parameter cannot match the reference by accident."""
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            noise = torch.randn(parameter.shape, generator=generator)
            if name.endswith("LayerNorm.weight"):
                parameter.copy_(1 + 0.2 * noise)
            elif name.endswith("bias"):
                parameter.copy_(0.1 * noise)


def pooled_references(bert, ids):
    """Mean, CLS, max, last-token and position-weighted mean pooling of one unpadded
    sequence, independent of any padding."""
    with torch.no_grad():
        tensor = torch.tensor([ids], dtype=torch.long)
        hidden = bert(input_ids=tensor, attention_mask=torch.ones_like(tensor)).last_hidden_state[0]
    mean = hidden.mean(dim=0)
    cls = hidden[0]
    maximum = hidden.max(dim=0).values
    last = hidden[-1]
    weights = torch.arange(1, hidden.shape[0] + 1, dtype=hidden.dtype).unsqueeze(1)
    weighted = (hidden * weights).sum(dim=0) / weights.sum()
    return mean, cls, maximum, last, weighted


def normalised(vector):
    return torch.nn.functional.normalize(vector, p=2, dim=-1)


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


def floats(vector):
    return [float(f"{x:.8g}") for x in vector.tolist()]


def make_tiny():
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    directory = FIXTURES / "tiny-bert"
    if directory.exists():
        shutil.rmtree(directory)

    # Written by hand in the classic sentence-transformers layout (the one all-MiniLM-L6-v2
    # ships, which Opine targets); sentence-transformers then loads it back as any user's would.
    directory.mkdir(parents=True)
    vocab = tiny_vocab()
    (directory / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        max_position_embeddings=64,
        type_vocab_size=2,
        hidden_act="gelu",
        layer_norm_eps=1e-12,
        initializer_range=0.3,
        pad_token_id=0,
    )
    bert = BertModel(config)
    randomise(bert, generator)
    bert.eval()
    bert.save_pretrained(directory, safe_serialization=True)
    write_json(directory / "tokenizer_config.json", {
        "do_lower_case": True, "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
        "cls_token": "[CLS]", "mask_token": "[MASK]", "tokenize_chinese_chars": True, "strip_accents": None,
        "tokenizer_class": "BertTokenizer", "model_max_length": 64,
    })
    write_json(directory / "special_tokens_map.json", {
        "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]",
    })
    write_json(directory / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    write_json(directory / "sentence_bert_config.json", {"max_seq_length": TINY_MAX_SEQ_LENGTH, "do_lower_case": False})
    tokenizer = AutoTokenizer.from_pretrained(str(directory))
    assert len(tokenizer) == len(vocab), "the tokenizer did not read vocab.txt"
    tokenizer.backend_tokenizer.save(str(directory / "tokenizer.json"))
    (directory / "1_Pooling").mkdir()
    write_json(directory / "1_Pooling" / "config.json", {
        "word_embedding_dimension": config.hidden_size, "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False,
    })

    # Reload from disk: the references must come from exactly the committed files.
    sentence_model = SentenceTransformer(str(directory), device="cpu")
    assert sentence_model.max_seq_length == TINY_MAX_SEQ_LENGTH, sentence_model.max_seq_length
    bert = sentence_model[0].auto_model.eval()
    tokenizer = sentence_model.tokenizer
    encoded = sentence_model.encode(TINY_TEXTS, batch_size=8, convert_to_tensor=True)

    cases = []
    for text, st_vector in zip(TINY_TEXTS, encoded):
        ids = tokenizer(text, truncation=True, max_length=TINY_MAX_SEQ_LENGTH)["input_ids"]
        mean, cls, maximum, last, weighted = pooled_references(bert, ids)
        cosine = torch.nn.functional.cosine_similarity(normalised(mean), st_vector, dim=0).item()
        assert cosine > 0.99999, f"sentence-transformers disagrees with the unpadded reference: {text!r}"
        cases.append({
            "text": text,
            "input_ids": ids,
            "mean": floats(mean),
            "cls": floats(cls),
            "max": floats(maximum),
            "last": floats(last),
            "weightedmean": floats(weighted),
            "normalized": floats(normalised(mean)),
        })

    # F16 and BF16 copies, and what PyTorch computes with those rounded weights.
    state = {k: v.contiguous() for k, v in bert.state_dict().items()}
    variants = {}
    for name, dtype in [("f16", torch.float16), ("bf16", torch.bfloat16)]:
        rounded = {k: (v.to(dtype) if v.is_floating_point() else v) for k, v in state.items()}
        save_file(rounded, str(FIXTURES / f"tiny-bert-{name}.safetensors"), metadata={"format": "pt"})
        copy = BertModel(bert.config)
        copy.load_state_dict({k: v.to(torch.float32) if v.is_floating_point() else v for k, v in rounded.items()})
        copy.eval()
        variants[name] = [floats(normalised(pooled_references(copy, case["input_ids"])[0])) for case in cases]

    reference = {
        "source": "scripts/make_encoder_fixtures.py: BertModel seed %d, PyTorch %s, transformers %s, "
                  "sentence-transformers %s" % (SEED, torch.__version__, __import__("transformers").__version__,
                                                __import__("sentence_transformers").__version__),
        "max_seq_length": TINY_MAX_SEQ_LENGTH,
        "cases": cases,
        "f16_normalized": variants["f16"],
        "bf16_normalized": variants["bf16"],
    }
    (FIXTURES / "tiny-bert-reference.json").write_text(json.dumps(reference, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
    print(f"tiny-bert: {len(cases)} cases, vocab {len(tiny_vocab())}")


# ---------------------------------------------------------------------------------------
# (b) parity with the real all-MiniLM-L6-v2
# ---------------------------------------------------------------------------------------

PARITY_SENTENCES = [
    # English: short and medium, reviews, news, chat, questions
    "Great movie!",
    "Terrible.",
    "I loved every minute of it.",
    "The acting was wooden and the plot made no sense.",
    "Not bad at all, actually.",
    "What a waste of two hours.",
    "An absolute masterpiece of modern cinema.",
    "The food was cold, but the staff apologised and brought a fresh plate.",
    "I wouldn't recommend this hotel to my worst enemy.",
    "Delivery was fast and the package arrived intact.",
    "The battery barely lasts half a day, which is disappointing for a flagship phone.",
    "Honestly, I expected more from the director of such a celebrated debut.",
    "It's fine. Nothing special, nothing terrible.",
    "Why would anyone pay forty dollars for this?",
    "Customer service resolved my issue within ten minutes.",
    "The sequel is funnier, smarter and shorter than the original.",
    "My kids fell asleep halfway through, and frankly so did I.",
    "Brilliant soundtrack, forgettable characters.",
    "I can't believe how good this turned out to be!",
    "The instructions were confusing and two screws were missing.",
    "She delivers a performance that is both restrained and devastating.",
    "Meh.",
    "Five stars, would buy again.",
    "The app crashes every time I try to upload a photo.",
    "A slow burn that rewards patience with a genuinely shocking final act.",
    "The central bank raised interest rates by a quarter of a percentage point on Wednesday.",
    "Heavy rain is expected across the north of the country through the weekend.",
    "The city council approved the new budget after a six-hour debate.",
    "Researchers reported that the vaccine was 94 percent effective in preventing severe illness.",
    "Shares of the company fell 12% after it cut its annual forecast.",
    "The museum will reopen to the public next spring after extensive renovations.",
    "Scientists have discovered a new species of frog in the Andes.",
    "The match was suspended in the 70th minute because of crowd trouble.",
    "Can you send me the report by Friday?",
    "Let's grab coffee tomorrow morning if you're free.",
    "Sorry, I totally forgot about the meeting.",
    "lol that was the funniest thing i've seen all week",
    "ugh mondays...",
    "omg the ending!!! i did NOT see that coming",
    "Is it worth upgrading from the previous model?",
    "How do I reset my password if I no longer have access to my email?",
    "What time does the pharmacy close on Sundays?",
    "The quick brown fox jumps over the lazy dog.",
    "To be, or not to be, that is the question.",
    "It was the best of times, it was the worst of times.",
    "The mitochondria is the powerhouse of the cell.",
    "Photosynthesis converts light energy into chemical energy stored in glucose.",
    "Use a mutex to protect the shared counter from concurrent writes.",
    "The function returns null when the key is not present in the map.",
    "Error 404: the requested page could not be found on this server.",
    "Version 2.3.1 fixes a memory leak in the image decoder.",
    "Preheat the oven to 180°C and grease a 23 cm cake tin.",
    "Add the garlic and cook for one minute, stirring constantly.",
    "The train to Edinburgh departs from platform 4 at 09:15.",
    "Please keep your seatbelt fastened while the sign is illuminated.",
    "Our flight was delayed by three hours and nobody told us why.",
    "The hike to the summit took us about five hours, with breathtaking views at every turn.",
    "I've been using this blender daily for six months and it still works like new.",
    "The plot twists are predictable, but the chemistry between the leads keeps it watchable.",
    "If you enjoy long, contemplative films with very little dialogue, this one is for you.",
    "The novel's second half drags, weighed down by subplots that never pay off.",
    "A charming, low-key comedy about grief, friendship and bad karaoke.",
    "The visual effects are stunning, yet the story feels hollow and derivative.",
    "Despite a promising premise, the show loses its way by the third episode.",
    "I was skeptical at first, but this course completely changed how I think about statistics.",
    "The headphones are comfortable, though the noise cancellation is weaker than advertised.",
    "It's not that the film is bad; it's that it never decides what it wants to be.",
    "Nobody could have predicted how badly the launch would go.",
    "The restaurant is overpriced, overrated and over-salted.",
    "Our guide was knowledgeable, funny and endlessly patient with the children.",
    "The update removed the one feature I actually used.",
    "I don't hate it, I just don't see what all the fuss is about.",
    "Absolutely not worth the hype.",
    "Surprisingly moving for a film about a talking dog.",
    "The printer jams constantly and the ink costs more than the printer itself.",
    "Every episode leaves you desperate for the next one.",
    "The room was spotless, the bed was comfortable, and the breakfast was excellent.",
    "I returned it after two days because the screen had dead pixels.",
    "A thoughtful, beautifully shot documentary that never lectures its audience.",
    "The dialogue is so clunky that I laughed at the dramatic scenes.",
    "WORST. PURCHASE. EVER.",
    "Not the best, not the worst, somewhere comfortably in the middle.",
    "The keyboard feels great to type on, but the trackpad is tiny.",
    "This is the third time my order has been cancelled without explanation.",
    "Fantastic value for money; I bought a second one for my parents.",
    # English: long passages (100-200 tokens) and two past the 256-token limit
    "I went into this film with low expectations, having read several lukewarm reviews, but I came out genuinely impressed. "
    "The first act is admittedly slow, spending perhaps too long establishing the small coastal town and its eccentric residents, "
    "yet every one of those details pays off later. The lead actress carries the film with a quiet intensity, and the supporting "
    "cast, especially the grandfather, provide moments of warmth and humour that keep the darker themes from becoming oppressive. "
    "The cinematography is gorgeous, all grey seas and low winter light. My only real complaint is the score, which is intrusive "
    "and tells you exactly what to feel in scenes that would have worked better in silence.",
    "After three weeks with this laptop, here is my honest verdict. The build quality is excellent: the aluminium chassis feels "
    "solid, the hinge is smooth, and the keyboard is one of the best I have used. The display is bright and sharp, though colours "
    "are slightly oversaturated out of the box. Performance is more than adequate for programming, photo editing and the occasional "
    "game. Battery life, however, is a real letdown; I rarely get more than five hours of mixed use, far short of the twelve hours "
    "the manufacturer claims. The fans also spin up loudly under moderate load. If battery life matters to you, look elsewhere.",
    "The committee met on Tuesday to review the proposal for the new public library. Supporters argued that the existing building "
    "is too small, poorly insulated and inaccessible to wheelchair users, and that a modern library would serve as a community hub "
    "for students, job seekers and older residents. Opponents questioned the projected cost, which has risen by almost forty percent "
    "since the initial estimate, and asked whether the money would be better spent on extending the opening hours of the current "
    "branches. After a long discussion, the committee voted five to four to commission an independent cost review before making a "
    "final decision in the autumn.",
    "Customer support was, frankly, a nightmare. I first contacted them about a faulty charger in March. They asked for photos, "
    "which I sent the same day. Two weeks later they asked for the same photos again. Then they asked for the original receipt, "
    "even though the order was placed through their own website and they could see it in their system. When I finally received a "
    "replacement, it was the wrong model and did not fit my device. Every call meant forty minutes on hold, and every agent seemed "
    "to start from scratch. I eventually gave up and bought a third-party charger, which works perfectly.",
    "Climate scientists warn that the coming decade will be decisive. Global average temperatures have already risen by about 1.2 "
    "degrees Celsius since pre-industrial times, and without rapid cuts in greenhouse gas emissions, the 1.5 degree threshold set "
    "in the Paris Agreement is likely to be crossed within the next ten to fifteen years. The consequences include more frequent "
    "heatwaves, heavier rainfall, rising sea levels and growing pressure on food and water supplies. At the same time, the cost of "
    "solar panels, wind turbines and batteries has fallen dramatically, making clean energy the cheapest option in most parts of "
    "the world.",
    "I have been a member of this gym for four years and I have watched it slowly decline. When I joined, the equipment was new, "
    "the changing rooms were clean, and the classes were run by enthusiastic instructors who knew everyone by name. Since the change "
    "of ownership, half the treadmills have had out-of-order signs on them for months, the showers are lukewarm at best, and the "
    "classes have been cut back to a handful of time slots that are always fully booked. Meanwhile the monthly fee has gone up twice. "
    "I am cancelling my membership at the end of this month.",
    "The story follows a retired engineer who, after the death of his wife, decides to build a boat in his back garden and sail it "
    "to the island where they spent their honeymoon. His neighbours think he has lost his mind, his daughter worries constantly, "
    "and the local council threatens him with fines for breaching planning rules. What could have been a sentimental tearjerker is "
    "instead a sharp, funny and deeply humane film about stubbornness, memory and the small acts of kindness that hold a community "
    "together. The final scene, set on a grey and windy beach, is one of the most moving things I have seen in years.",
    "Version 4 of the library introduces a number of breaking changes. The configuration file format has moved from INI to TOML, "
    "and the old format is no longer read. Several deprecated functions have been removed, including the synchronous download "
    "helper and the legacy logging adapter. The minimum supported runtime version is now 3.10. On the positive side, start-up time "
    "has been reduced by roughly sixty percent, memory usage during large imports is much lower, and the new plugin interface makes "
    "it far easier to add support for custom storage back ends. A migration guide is available in the documentation.",
    "We stayed at the lodge for a week in late September, and it was almost perfect. The cabins are simple but warm, with "
    "wood-burning stoves, thick blankets and huge windows that look straight onto the lake. Every morning a thin mist hung over "
    "the water, and by nine o'clock it had burned off to reveal the mountains on the far shore. The staff were friendly without "
    "being intrusive, and the kitchen produced hearty, honest food: porridge with berries, fresh bread, smoked fish, slow-cooked "
    "stews. We hired a canoe twice, walked most of the marked trails, and on one memorable evening watched a family of otters "
    "playing near the jetty. The only drawbacks were the patchy mobile signal, which some guests will see as a feature, and the "
    "long, bumpy gravel road from the main highway, which is hard going in a small car after heavy rain.",
    "The quarterly report shows a mixed picture. Revenue grew by eight percent compared with the same period last year, driven "
    "mainly by strong subscription sales in Europe and a successful product launch in South America, but operating margins "
    "narrowed because of higher logistics costs, currency effects and a one-off charge related to the closure of two regional "
    "offices. Net profit was therefore roughly flat. Management reiterated its full-year guidance and announced a new share "
    "buyback programme, while warning that the second half would be affected by weaker demand in Asia and by continued "
    "uncertainty over tariffs. Analysts reacted cautiously: several noted that customer churn had risen for the second quarter "
    "in a row, and that the company has not yet explained how it intends to reverse that trend. The shares closed three percent "
    "lower after the announcement, extending their decline since the start of the year to almost fifteen percent overall.",
    "This is a deliberately long review, written to check that very long inputs are truncated exactly where the reference "
    "tokenizer truncates them. The film opens with a wedding, moves to a funeral, and ends with a birth, and in between it "
    "wanders through three decades of a family's life with a patience that some viewers will find rewarding and others "
    "infuriating. The performances are uniformly strong. The script is witty and humane. The photography is beautiful, "
    "especially in the sequences set in the mountains, where the camera lingers on mist and pine and the tiny figures of "
    "the characters walking along the ridge. The music is sparse and well chosen. The editing, however, is a problem: "
    "scenes that should be brisk are allowed to run on, and several important moments are cut so abruptly that their "
    "emotional weight is lost. The middle hour in particular could lose twenty minutes without harm. Still, by the time "
    "the credits rolled I felt I had lived alongside these people, argued with them, forgiven them and missed them, and "
    "that is a rare achievement. I would recommend it to anyone with an evening to spare and the patience to let a story "
    "unfold at its own pace, and I would warn everyone else to stay well away, because nothing about it is in a hurry, "
    "least of all its ending, which arrives quietly, almost apologetically, after you have stopped expecting it at all.",
    "Terms and conditions, section nine, paragraph four: the subscriber agrees that the service may be modified, suspended "
    "or discontinued at any time without notice, that fees already paid are non-refundable except where required by law, "
    "that the provider is not liable for any indirect, incidental, special, consequential or exemplary damages, including "
    "but not limited to damages for loss of profits, goodwill, use, data or other intangible losses, resulting from the use "
    "of or inability to use the service, unauthorised access to or alteration of transmissions or data, statements or "
    "conduct of any third party on the service, or any other matter relating to the service, and that these terms shall be "
    "governed by the laws of the jurisdiction in which the provider is registered, without regard to its conflict of law "
    "provisions, and that any dispute arising from them shall be resolved exclusively by binding arbitration conducted in "
    "English, by a single arbitrator, in the city where the provider has its principal place of business, with each party "
    "bearing its own costs, and that the subscriber waives any right to participate in a class action or class-wide "
    "arbitration, and finally that if any provision of these terms is found to be unenforceable, the remaining provisions "
    "shall remain in full force and effect, and the unenforceable provision shall be replaced by an enforceable one.",
    # Spanish
    "¡Qué película tan maravillosa!",
    "El servicio fue lento y la comida llegó fría.",
    "No me gustó nada el final de la serie.",
    "Los actores están increíbles, sobre todo la protagonista.",
    "Una historia conmovedora sobre la amistad y la pérdida.",
    "El hotel estaba limpio, pero el ruido de la calle no nos dejó dormir.",
    "¿Alguien sabe a qué hora abre el museo los domingos?",
    "Compré este teléfono hace un mes y la batería ya falla.",
    "La mejor paella que he probado en mi vida, sin duda.",
    "El libro empieza bien, pero a mitad de camino pierde el rumbo por completo.",
    "El gobierno anunció nuevas medidas para reducir el precio de la electricidad.",
    "Me encantó la música, aunque el guion es bastante flojo.",
    "No vale la pena pagar tanto por un producto de tan baja calidad.",
    "Una experiencia inolvidable; volveremos el año que viene con toda la familia.",
    "La aplicación se cierra sola cada vez que intento pagar.",
    "Muy recomendable para quienes disfrutan del cine de autor y las historias lentas.",
    "El partido terminó en empate después de una segunda parte emocionante.",
    "Las vistas desde la terraza son espectaculares al atardecer.",
    # French
    "Quel film magnifique, j'ai pleuré à la fin.",
    "Le service était déplorable et les prix exorbitants.",
    "Je ne recommande pas cet hôtel : chambre sale et personnel désagréable.",
    "Une comédie légère et bien écrite, parfaite pour un dimanche soir.",
    "L'intrigue est prévisible, mais les acteurs sont excellents.",
    "Où se trouve la gare la plus proche, s'il vous plaît ?",
    "Ce livre m'a tenu éveillé jusqu'à trois heures du matin.",
    "La livraison a pris trois semaines au lieu des deux jours annoncés.",
    "Un chef-d'œuvre du cinéma français, à voir absolument.",
    "Les enfants ont adoré le spectacle, les parents un peu moins.",
    "Le gouvernement a présenté mercredi son projet de réforme des retraites.",
    "Franchement décevant pour un restaurant étoilé.",
    "L'application est intuitive, rapide et élégante.",
    "Après deux mois d'utilisation, l'écran s'est fissuré sans raison apparente.",
    "Une mise en scène audacieuse, une photographie sublime, mais un scénario creux.",
    "Nous avons passé un séjour merveilleux dans ce petit village de Provence.",
    "Il pleut depuis trois jours et la rivière commence à déborder.",
    # German
    "Ein großartiger Film mit einer überraschenden Wendung am Ende.",
    "Das Essen war kalt und der Kellner unfreundlich.",
    "Ich kann dieses Produkt leider nicht weiterempfehlen.",
    "Die Schauspieler überzeugen, aber die Handlung ist zu vorhersehbar.",
    "Wann fährt der nächste Zug nach München?",
    "Die Lieferung kam pünktlich und alles war gut verpackt.",
    "Ein langweiliges, viel zu langes Buch ohne echte Höhepunkte.",
    "Die Bundesregierung hat am Montag ein neues Klimaschutzgesetz beschlossen.",
    "Unser Urlaub an der Ostsee war einfach wunderbar.",
    "Der Akku hält kaum einen Tag, das ist für den Preis enttäuschend.",
    "Die Fußballmannschaft gewann das Spiel mit drei zu eins.",
    "Nach dem Update stürzt die App ständig ab.",
    "Eine berührende Geschichte über Freundschaft, Verlust und Hoffnung.",
    "Das Hotelzimmer war sauber, geräumig und sehr ruhig.",
    "Donaudampfschifffahrtsgesellschaftskapitän ist ein sehr langes Wort.",
    "Die Kundenbetreuung hat mein Problem schnell und unkompliziert gelöst.",
    # Portuguese
    "Que filme incrível, recomendo a todos!",
    "O atendimento foi péssimo e a comida demorou uma hora para chegar.",
    "Não gostei do final, achei muito apressado.",
    "O livro é emocionante do começo ao fim.",
    "A entrega atrasou duas semanas e ninguém respondeu aos meus e-mails.",
    "As praias do Nordeste são as mais bonitas que já visitei.",
    "O aplicativo é bom, mas consome bateria demais.",
    "Uma comédia leve e divertida, ideal para ver em família.",
    "O governo anunciou um novo programa de habitação popular.",
    "Produto de ótima qualidade pelo preço que paguei.",
    "Onde fica a estação de metrô mais próxima?",
    "A atuação do protagonista salva um roteiro fraco e previsível.",
    "Nunca mais compro nada nessa loja.",
    # Chinese
    "这部电影太好看了，我看了三遍。",
    "服务态度很差，菜也很难吃。",
    "这本书的故事情节非常吸引人。",
    "快递三天就到了，包装也很好。",
    "演员的表演很自然，但是剧情有点拖沓。",
    "我不推荐这家酒店，房间又小又脏。",
    "今天天气很好，我们去公园散步吧。",
    "这款手机的电池续航能力让人失望。",
    "这是我今年看过的最感人的电影。",
    "价格太贵了，质量却一般。",
    "北京的冬天非常冷，但是很干燥。",
    "客服很快就解决了我的问题，非常满意。",
    "这家餐厅的烤鸭是全城最好吃的。",
    "软件更新以后经常闪退，希望尽快修复。",
    # Japanese
    "この映画は本当に素晴らしかったです。",
    "料理は冷めていて、店員の態度も悪かった。",
    "この本は最後まで一気に読んでしまった。",
    "配送がとても早くて助かりました。",
    "ストーリーは予想通りだったが、俳優の演技は良かった。",
    "このホテルはおすすめしません。部屋が狭くて汚かったです。",
    "東京駅までどうやって行けばいいですか？",
    "バッテリーの持ちが悪くてがっかりしました。",
    "子供たちはアニメが大好きで、毎週楽しみにしています。",
    "値段の割に品質がとても良いと思います。",
    "昨日の試合は最後まで目が離せなかった。",
    "アプリが頻繁にクラッシュするので使い物にならない。",
    "カタカナとひらがなと漢字が混ざった文章です。",
    "温泉旅館でゆっくり過ごせて、最高の休日でした。",
    # Arabic
    "كان الفيلم رائعاً جداً وأنصح الجميع بمشاهدته.",
    "الخدمة سيئة والطعام بارد.",
    "لم يعجبني الكتاب، كانت القصة مملة.",
    "وصل الطلب في الوقت المحدد وكان التغليف ممتازاً.",
    "الفندق نظيف والموظفون لطفاء للغاية.",
    "أين تقع أقرب محطة قطار؟",
    "السعر مرتفع جداً مقارنة بالجودة.",
    "أعلنت الحكومة عن خطة جديدة لدعم الشركات الصغيرة.",
    "تجربة رائعة، سأعود بالتأكيد مع عائلتي.",
    "التطبيق يتوقف عن العمل بعد كل تحديث.",
    "المباراة كانت مثيرة حتى الدقيقة الأخيرة.",
    # Emoji and mixed scripts
    "I love this so much 😍😍😍",
    "Worst day ever 😡",
    "New phone who dis 📱✨",
    "Pizza night 🍕🍕 with the squad 🙌",
    "Feeling blessed 🙏 #grateful #sunday",
    "The concert was 🔥🔥🔥",
    "😂😂😂 I can't stop laughing",
    "Happy birthday, mom! 🎂🎉❤️",
    "Rain again ☔️ so much for summer",
    "Just finished my first marathon 🏃‍♀️🏅",
    "👍",
    "This update is 💩",
    "Family photo 👨‍👩‍👧‍👦 at the beach 🏖️",
    "Flags 🇫🇷🇩🇪🇯🇵 and skin tones 👋🏽👋🏿",
    "Merci beaucoup 🙏, c'était génial!",
    "Das war mega 👏👏",
    "今日は最高の一日でした😊",
    "太好吃了😋😋",
    "¡Vamos! ⚽️🏆",
    "Obrigado pelo presente 🎁💕",
    "شكراً جزيلاً ❤️",
    # Other languages and edge cases
    "Этот фильм просто потрясающий, всем советую.",
    "Обслуживание было ужасным, больше не приду.",
    "Αυτή η ταινία ήταν υπέροχη.",
    "זה היה הסרט הכי טוב שראיתי השנה.",
    "यह फिल्म बहुत अच्छी थी।",
    "이 영화 정말 재미있었어요.",
    "Bu film gerçekten harikaydı.",
    "Ten film był naprawdę świetny.",
    "Deze film was echt geweldig.",
    "Den här filmen var fantastisk.",
    "Phim này thật tuyệt vời.",
    "Visit https://example.com/reviews?id=42&sort=new for more details.",
    "Contact us at support@example.org or call +1 (555) 012-3456.",
    "The price dropped from $1,299.99 to $999 — a 23% discount.",
    "C'est « génial » !!! ... vraiment ???",
    "supercalifragilisticexpialidocious",
    "Pneumonoultramicroscopicsilicovolcanoconiosis is a very long word.",
    "naïve café résumé façade coöperate",
    "ALL CAPS REVIEW: THIS PRODUCT IS AMAZING",
    "mixed 中文 and English and 日本語 in one sentence",
    "tab\tseparated\tvalues and a\nnewline",
    "a",
    "?",
    "1234567890",
]


def model_directory():
    configured = os.environ.get("OPINE_MODEL_DIR")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "opine" / "models" / "all-MiniLM-L6-v2"


def make_parity():
    directory = model_directory()
    if not (directory / "model.safetensors").exists():
        print(f"parity: no model at {directory}; run scripts/fetch-model.sh first", file=sys.stderr)
        return
    torch.set_num_threads(2)
    model = SentenceTransformer(str(directory), device="cpu")
    sentences = PARITY_SENTENCES
    assert len(sentences) >= 200, len(sentences)
    assert len(set(sentences)) == len(sentences), "duplicate parity sentences"
    ids = [model.tokenizer(s, truncation=True, max_length=model.max_seq_length)["input_ids"] for s in sentences]
    vectors = model.encode(sentences, batch_size=32, convert_to_numpy=True).astype("<f4")
    assert vectors.shape == (len(sentences), model.get_sentence_embedding_dimension())
    (FIXTURES / "minilm-parity.f32").write_bytes(vectors.tobytes())
    document = {
        "source": "scripts/make_encoder_fixtures.py: sentence-transformers %s encode(batch_size=32) of %s; "
                  "vectors in minilm-parity.f32 (little-endian float32, row-major)"
                  % (__import__("sentence_transformers").__version__, directory.name),
        "dimension": int(vectors.shape[1]),
        "sentences": [{"text": s, "input_ids": i} for s, i in zip(sentences, ids)],
    }
    (FIXTURES / "minilm-parity.json").write_text(json.dumps(document, ensure_ascii=False) + "\n", encoding="utf-8")
    lengths = sorted(len(i) for i in ids)
    print(f"parity: {len(sentences)} sentences, tokens min {lengths[0]} median {lengths[len(lengths) // 2]} "
          f"max {lengths[-1]}")


if __name__ == "__main__":
    FIXTURES.mkdir(parents=True, exist_ok=True)
    make_tiny()
    if "--tiny-only" not in sys.argv:
        make_parity()
