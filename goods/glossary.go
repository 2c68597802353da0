package goods

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// glossaryText is the customs vocabulary that lets the HS-description
// fallback read Russian and Chinese: each line is a Russian word or stem
// (a trailing '*' matches any ending: "подшипник*" matches "подшипники",
// "подшипников") or a Chinese term, a tab or spaces, then the English words
// the HS 2022 texts use for it. A Russian word takes its longest matching
// entry (an exact word before a stem); Chinese text is read left to right,
// longest term first, so "集成电路" wins over "电路".
//
// The vocabulary is general, not taken from any labelled row: heads of
// ТН ВЭД and 海关商品编码 descriptions (Russian declarations put the noun
// first and chain genitives: "Части летательных аппаратов" reads "parts
// aircraft"; Chinese ones use 零件/部件/配件 for parts and 用于 for the
// use), the adjectives the nomenclature splits on (frozen, knitted, of
// wood, numerically controlled) and the materials of the chapters. Every
// English word must occur in the HS texts (TestGlossary checks it).
const glossaryText = `
# ---- structure words ----
# (a longer stem wins: "частот*" keeps "частоты" from reading as parts)
част*	parts
частот*	frequency
детал*	parts
комплектующ*	parts
запчаст*	parts
запасн*	parts
принадлежност*	accessories
аппарат*	apparatus
прибор*	instruments apparatus
устройств*	apparatus
оборудовани*	apparatus machinery
машин*	machines
станок	machine tools
станк*	machine tools
инструмент*	tools
издели*	articles
零件	parts
部件	parts
零部件	parts
配件	parts accessories
备件	parts
附件	accessories
装置	apparatus
设备	apparatus machinery
仪器	instruments
机器	machines
机床	machine tools
工具	tools
制品	articles
# ---- aircraft, engines ----
летательн*	aircraft
самолет*	aeroplanes aircraft
вертолет*	helicopters
беспилотн*	unmanned aircraft
дрон*	unmanned aircraft
квадрокоптер*	unmanned aircraft
пропеллер*	propellers
двигател*	engines
турбореактивн*	turbo jets
турбовинтов*	turbo propellers
турбин*	turbines
газотурбин*	gas turbines
поршнев*	piston
дизел*	diesel
сгорани*	combustion
飞机	aeroplanes aircraft
航空器	aircraft
航空	aircraft
直升机	helicopters
无人机	unmanned aircraft
螺旋桨	propellers
发动机	engines
涡轮	turbines
涡喷	turbo jets
涡桨	turbo propellers
燃气轮机	gas turbines
活塞	piston
柴油	diesel
内燃	combustion
# ---- electrical ----
электрическ*	electric
электродвигател*	electric motors
электромотор*	electric motors
мотор*	motors
генератор*	generators
трансформатор*	transformers
преобразовател*	converters
статическ*	static
выпрямител*	rectifiers
дроссел*	inductors
индуктивност*	inductors
аккумулятор*	accumulators
батаре*	batteries
литиев*	lithium
литий*	lithium
ионн*	ion
провод*	wire conductors
проволок*	wire
кабел*	cables
разъем*	connectors
соединител*	connectors
выключател*	switches
переключател*	switches
реле	relays
предохранител*	fuses
ламп*	lamps
светодиод*	light emitting diodes
полупроводник*	semiconductor
транзистор*	transistors
диод*	diodes
тиристор*	thyristors
микросхем*	integrated circuits
интегральн*	integrated
схем*	circuits
конденсатор*	capacitors
резистор*	resistors
плат*	boards
платин*	platinum
печатн*	printed
电动机	electric motors
电机	electric motors
马达	motors
发电机	generators
变压器	transformers
变流器	converters
转换器	converters
逆变器	static converters
整流器	rectifiers
静止式	static
电感	inductors
蓄电池	accumulators
电池	batteries
锂离子	lithium ion
锂	lithium
电线	wire
电缆	cables
连接器	connectors
插头	plugs
插座	sockets
开关	switches
继电器	relays
熔断器	fuses
灯	lamps
发光二极管	light emitting diodes
半导体	semiconductor
晶体管	transistors
二极管	diodes
晶闸管	thyristors
集成电路	integrated circuits
电路	circuits
电容	capacitors
电容器	capacitors
电阻	resistors
电阻器	resistors
印刷电路	printed circuits
电路板	printed circuits
# ---- telecommunication, computers, instruments ----
телефон*	telephones
смартфон*	telephones cellular
радио*	radio
приемник*	receivers
передатчик*	transmission
антенн*	aerials
навигац*	navigational
навигационн*	navigational
радиолокац*	radar
камер*	cameras
видеокамер*	video cameras
телевизион*	television
монитор*	monitors
вычислительн*	data processing
компьютер*	automatic data processing machines
ноутбук*	portable automatic data processing machines
измерительн*	measuring
контрольн*	checking
осциллограф*	oscilloscopes
датчик*	measuring instruments
гироскоп*	navigational instruments
компас*	compasses
оптическ*	optical
волокон*	fibres
волоконн*	fibres
линз*	lenses
объектив*	objective lenses
микроскоп*	microscopes
бинокл*	binoculars
лазер*	lasers
тепловизион*	thermal imaging
电话	telephones
手机	telephones cellular
智能手机	telephones cellular
无线电	radio
接收机	receivers reception
接收器	receivers reception
发射机	transmission
天线	aerials
导航	navigational
雷达	radar
摄像机	video cameras
相机	cameras
照相机	cameras
电视	television
显示器	monitors
计算机	automatic data processing machines
电脑	automatic data processing machines
笔记本电脑	portable automatic data processing machines
测量	measuring
检测	checking
仪表	instruments meters
示波器	oscilloscopes
传感器	measuring instruments
陀螺	navigational instruments
罗盘	compasses
光学	optical
光纤	optical fibres
透镜	lenses
镜头	objective lenses
显微镜	microscopes
望远镜	telescopes
激光	lasers
热像	thermal imaging
# ---- machine tools, machinery ----
обрабатывающ*	machining
центр*	centres
центробежн*	centrifugal
токарн*	lathes
фрезерн*	milling
сверлильн*	drilling
шлифовальн*	grinding
металл*	metal
металлообработ*	working metal
обработк*	working
чпу	numerically controlled
числов*	numerically controlled
горизонтальн*	horizontal
пресс*	presses
сварочн*	welding
резк*	cutting
подшипник*	bearings
шарик*	ball
шариков*	ball
ролик*	roller
роликов*	roller
конически*	tapered
насос*	pumps
компрессор*	compressors
клапан*	valves
вентилятор*	fans
гидравлическ*	hydraulic
пневматическ*	pneumatic
фильтр*	filtering
加工中心	machining centres
加工	working
车床	lathes
铣床	milling
钻床	drilling
磨床	grinding
数控	numerically controlled
金属	metal
卧式	horizontal
压力机	presses
冲床	presses
焊接	welding
切割	cutting
轴承	bearings
滚珠	ball
球轴承	ball bearings
滚子	roller
圆锥	tapered
泵	pumps
压缩机	compressors
阀	valves
阀门	valves
风扇	fans
液压	hydraulic
气动	pneumatic
过滤	filtering
# ---- vehicles ----
автомобил*	motor vehicles
легков*	cars
грузов*	transport
трактор*	tractors
прицеп*	trailers
шин*	tyres
колес*	wheels
мотоцикл*	motorcycles
велосипед*	bicycles
кузов*	bodies
тормоз*	brakes
汽车	motor vehicles
轿车	cars
货车	transport
卡车	transport
拖拉机	tractors
挂车	trailers
轮胎	tyres
车轮	wheels
摩托车	motorcycles
自行车	bicycles
车身	bodies
制动	brakes
刹车	brakes
# ---- textiles, apparel, footwear ----
хлопчатобумажн*	cotton
хлопк*	cotton
хлопков*	cotton
шерст*	wool
шерстян*	wool
шелк*	silk
синтетическ*	synthetic
трикотажн*	knitted
ткан*	woven fabrics
одежд*	garments
мужск*	men
женск*	women
плать*	dresses
брюк*	trousers
куртк*	jackets
рубашк*	shirts
блузк*	blouses
футболк*	shirts
свитер*	jerseys pullovers
джемпер*	jerseys pullovers
пуловер*	pullovers
носк*	socks
колготк*	tights
обув*	footwear
кож*	leather
кожан*	leather
резин*	rubber
棉	cotton
棉制	cotton
羊毛	wool
毛	wool
丝	silk
螺丝	screws
钢丝	steel wire
铁丝	iron wire
铜丝	copper wire
保险丝	fuses
化纤	synthetic
合成纤维	synthetic fibres
针织	knitted
钩编	crocheted
机织	woven
织物	fabrics
面料	fabrics
服装	garments
男式	men
男	men
女式	women
女	women
连衣裙	dresses
裤	trousers
长裤	trousers
夹克	jackets
衬衫	shirts
女衬衫	blouses
恤衫	shirts
套衫	jerseys pullovers
毛衣	jerseys pullovers
袜	socks
连裤袜	tights
鞋	footwear
靴	boots
皮革	leather
真皮	leather
橡胶	rubber
# ---- food ----
мяс*	meat
говядин*	bovine
свинин*	swine
птиц*	poultry
куриц*	fowls
рыб*	fish
филе	fillets
морожен*	frozen
заморожен*	frozen
свеж*	fresh
охлажден*	chilled
креветк*	shrimps prawns
минта*	pollock
лосос*	salmon
молок*	milk
молочн*	milk
сыр	cheese
сыры	cheese
сыра	cheese
сахар*	sugar
кофе	coffee
чай	tea
чая	tea
фрукт*	fruit
овощ*	vegetables
орех*	nuts
пшениц*	wheat
рис	rice
мука	flour
муки	flour
вино	wine
вина	wine
пиво	beer
сок	juice
соки	juice
шоколад*	chocolate
конфет*	confectionery
肉	meat
牛肉	bovine meat
猪肉	swine meat
禽	poultry
鸡	fowls
鱼	fish
鱼片	fish fillets
冷冻	frozen
冻	frozen
新鲜	fresh
鲜	fresh
冷藏	chilled
虾	shrimps prawns
虾仁	shrimps prawns
鲑鱼	salmon
三文鱼	salmon
牛奶	milk
奶	milk
奶酪	cheese
乳酪	cheese
糖	sugar
咖啡	coffee
茶	tea
茶几	tables furniture
绿茶	green tea
红茶	black tea
水果	fruit
蔬菜	vegetables
坚果	nuts
小麦	wheat
大米	rice
面粉	flour
葡萄酒	wine grapes
啤酒	beer
果汁	juice
巧克力	chocolate
糖果	confectionery
# ---- furniture, materials, other ----
мебел*	furniture
стул	seats
стулья	seats
стульев	seats
кресл*	seats
стол	tables furniture
столы	tables furniture
шкаф*	furniture
кроват*	bedroom furniture
деревянн*	wooden wood
древесин*	wood
металлическ*	metal
офис*	office
кухон*	kitchen
спальн*	bedroom
сталь*	steel
стальн*	steel
стали	steel
чугун*	iron
желез*	iron
алюмини*	aluminium
медь	copper
меди	copper
медн*	copper
титан*	titanium
никел*	nickel
труб*	tubes pipes
лист*	sheets
болт*	bolts
гайк*	nuts
шуруп*	screws
пластмасс*	plastics
пластик*	plastics
полимер*	polymers
лекарств*	medicaments
косметическ*	beauty
удобрени*	fertilisers
игрушк*	toys
бумаг*	paper
картон*	paperboard
стекл*	glass
стеклян*	glass
керамическ*	ceramic
плитк*	tiles
фарфор*	porcelain
оруж*	military weapons
патрон*	cartridges
боеприпас*	ammunition
家具	furniture
椅	seats
座椅	seats
桌	tables furniture
柜	furniture
床	bedroom furniture
木	wood
木制	wooden wood
实木	wood
办公	office
厨房	kitchen
卧室	bedroom
钢	steel
铁	iron
铸铁	cast iron
铝	aluminium
铜	copper
钛	titanium
镍	nickel
管	tubes pipes
螺栓	bolts
螺母	nuts
螺钉	screws
塑料	plastics
聚合物	polymers
药品	medicaments
化妆品	beauty
肥料	fertilisers
玩具	toys
纸	paper
纸板	paperboard
玻璃	glass
陶瓷	ceramic
瓷砖	tiles ceramic
瓷	porcelain
武器	military weapons
弹药	ammunition
`

// glossary is the compiled glossaryText.
type glossary struct {
	exact map[string][]string // Russian word → English words
	stem  map[string][]string // Russian stem → English words
	han   map[string][]string // Chinese term → English words
	// hanMax is the longest Chinese term, in bytes.
	hanMax int
}

// parseGlossary compiles src; errors name the line.
func parseGlossary(src string) (*glossary, error) {
	g := &glossary{exact: map[string][]string{}, stem: map[string][]string{}, han: map[string][]string{}}
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			return nil, fmt.Errorf("goods: glossary line %d: %q has no English words", n+1, line)
		}
		term, en := f[0], f[1:]
		for _, w := range en {
			if w != strings.ToLower(w) || w[0] >= utf8.RuneSelf {
				return nil, fmt.Errorf("goods: glossary line %d: %q is not a lower-case English word", n+1, w)
			}
		}
		stem := strings.HasSuffix(term, "*")
		term = strings.TrimSuffix(term, "*")
		t := split(term)
		var m map[string][]string
		var key string
		switch {
		case len(t.han) == 1 && len(t.words) == 0 && !stem:
			key = string(t.folded[t.han[0].start:t.han[0].end])
			m = g.han
			g.hanMax = max(g.hanMax, len(key))
		case len(t.words) == 1 && len(t.han) == 0 && t.folded[0] >= utf8.RuneSelf:
			key = t.word(0)
			m = g.exact
			if stem {
				if utf8.RuneCountInString(key) < minStem {
					return nil, fmt.Errorf("goods: glossary line %d: stem %q is shorter than %d letters", n+1, key, minStem)
				}
				m = g.stem
			}
		default:
			return nil, fmt.Errorf("goods: glossary line %d: %q is not one Russian word or one Chinese term", n+1, term)
		}
		if _, dup := m[key]; dup {
			return nil, fmt.Errorf("goods: glossary line %d: %q twice", n+1, term)
		}
		m[key] = en
	}
	return g, nil
}

// word returns the English words for a folded Russian word: its exact
// entry, else its longest stem entry; nil when there is none.
func (g *glossary) word(w []byte) []string {
	if en, ok := g.exact[string(w)]; ok {
		return en
	}
	for end := len(w); end > 0; {
		if en, ok := g.stem[string(w[:end])]; ok {
			return en
		}
		_, size := utf8.DecodeLastRune(w[:end])
		end -= size
	}
	return nil
}

// hanTerms calls f with the English words of each Chinese term found in
// run, reading left to right, longest term first.
func (g *glossary) hanTerms(run []byte, f func(en []string)) {
	for i := 0; i < len(run); {
		n := 0
		for end := min(len(run), i+g.hanMax); end > i; {
			if en, ok := g.han[string(run[i:end])]; ok {
				f(en)
				n = end - i
				break
			}
			_, size := utf8.DecodeLastRune(run[i:end])
			end -= size
		}
		if n == 0 {
			_, n = utf8.DecodeRune(run[i:])
		}
		i += n
	}
}
