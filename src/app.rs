//! The root: the store in a context, the router, and the shell every page sits in (skip link,
//! header with the clock, main region, notices, lab file controls).

use crate::browser;
use crate::components::header::Header;
use crate::components::lab_menu::{LabMenu, UnreadableBanner};
use crate::components::notices::Notices;
use crate::components::presenter::PresenterKeys;
use crate::learn::{self, LearnState};
use crate::pages::learn as lp;
use crate::pages::{
    cloudformation::CloudFormationPage, home::HomePage, not_found::NotFoundPage, route53::Route53Page, s3::S3Page,
    service::ComingPage,
};
use crate::pages::{cloudhsm::CloudHsmPage, encryption::EncryptionPage, kms::KmsPage};
use crate::route::Route;
use crate::store::{self, NoticeKind, Restored, Store};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::history::{AnyHistory, MemoryHistory};
use yew_router::prelude::*;

pub type StoreHandle = UseReducerHandle<Store>;
pub type LearnHandle = UseReducerHandle<LearnState>;

/// The store every component reads and dispatches to.
#[hook]
pub fn use_store() -> StoreHandle {
    use_context::<StoreHandle>().expect("components render inside StoreProvider")
}

/// The learner's progress and lab in progress.
#[hook]
pub fn use_learn() -> LearnHandle {
    use_context::<LearnHandle>().expect("components render inside StoreProvider")
}

#[derive(Properties, PartialEq)]
pub struct StoreProviderProps {
    pub initial: Rc<Store>,
    #[prop_or_default]
    pub learn: Rc<LearnState>,
    /// Write the lab to localStorage after each change (off in tests).
    #[prop_or(false)]
    pub persist: bool,
    pub children: Html,
}

#[component]
pub fn StoreProvider(props: &StoreProviderProps) -> Html {
    let initial = props.initial.clone();
    let store = use_reducer(move || (*initial).clone());
    {
        let store = store.clone();
        let persist = props.persist;
        use_effect_with(store.save_rev, move |rev| {
            if persist && *rev > 0 {
                if let Err(e) = browser::storage_set(store::STORAGE_KEY, &store::to_save(&store.lab)) {
                    store.dispatch(store::Action::Notify {
                        kind: NoticeKind::Error,
                        title: "Not saved".into(),
                        text: format!("Your lab could not be saved: {e}. Export it to keep a copy."),
                    });
                }
            }
        });
    }
    let initial_learn = props.learn.clone();
    let learn = use_reducer(move || (*initial_learn).clone());
    {
        let (learn, store) = (learn.clone(), store.clone());
        let persist = props.persist;
        use_effect_with(learn.save_rev, move |rev| {
            if persist && *rev > 0 {
                if let Err(e) = browser::storage_set(learn::LEARN_KEY, &learn::to_save(&learn)) {
                    store.dispatch(store::Action::Notify {
                        kind: NoticeKind::Error,
                        title: "Progress not saved".into(),
                        text: format!("Your progress could not be saved: {e}. Export your lab to keep a copy."),
                    });
                }
            }
        });
    }
    html! {
        <ContextProvider<StoreHandle> context={store}>
            <ContextProvider<LearnHandle> context={learn}>{ props.children.clone() }</ContextProvider<LearnHandle>>
        </ContextProvider<StoreHandle>>
    }
}

/// Reads saved progress; an unreadable one is set aside before starting fresh.
fn load_saved_learn() -> LearnState {
    let raw = browser::storage_get(learn::LEARN_KEY);
    let mut state = LearnState::restore(raw.as_deref());
    state.presenter = browser::storage_get(learn::PRESENTER_KEY).as_deref() == Some("1");
    if let (Some(raw), Some(_)) = (raw, &state.unreadable) {
        let _ = browser::storage_set(learn::LEARN_UNREADABLE_KEY, &raw);
        let _ = browser::storage_set(learn::LEARN_KEY, "");
    }
    state
}

/// Reads the saved lab; an unreadable save is set aside (not overwritten) before starting fresh.
fn load_saved_store() -> Store {
    let restored = store::restore(browser::storage_get(store::STORAGE_KEY).as_deref());
    if let Restored::Unreadable { raw, .. } = &restored {
        let _ = browser::storage_set(store::UNREADABLE_KEY, raw);
        let _ = browser::storage_set(store::STORAGE_KEY, "");
    }
    Store::from_restored(restored)
}

/// The app in the browser: restored from localStorage, routes in the URL fragment.
#[component]
pub fn App() -> Html {
    let initial = use_memo((), |_| load_saved_store());
    let learn = use_memo((), |_| load_saved_learn());
    html! {
        <HashRouter>
            <StoreProvider initial={initial} learn={learn} persist=true>
                <Shell />
            </StoreProvider>
        </HashRouter>
    }
}

#[derive(Properties, PartialEq)]
pub struct StaticAppProps {
    pub store: Rc<Store>,
    #[prop_or_default]
    pub learn: Rc<LearnState>,
    /// The route path to show, like `/s3`.
    pub path: AttrValue,
}

/// The same app with a given store and route and no browser behind it: for the render tests.
#[component]
pub fn StaticApp(props: &StaticAppProps) -> Html {
    let history =
        use_memo(props.path.clone(), |path| AnyHistory::from(MemoryHistory::with_entries([path.to_string()])));
    html! {
        <Router history={(*history).clone()}>
            <StoreProvider initial={props.store.clone()} learn={props.learn.clone()}>
                <Shell />
            </StoreProvider>
        </Router>
    }
}

fn skip_to_content(e: MouseEvent) {
    // A plain `href="#main"` would change the route, since routes live in the fragment.
    e.prevent_default();
    browser::focus_id("main");
}

#[component]
pub fn Shell() -> Html {
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    let first_render = use_mut_ref(|| true);
    use_effect_with(route.clone(), move |route| {
        browser::set_title(&route.title());
        // Keyboard and screen-reader users land on the new page's heading, not the old link.
        if !std::mem::replace(&mut *first_render.borrow_mut(), false) {
            browser::focus_id("page-heading");
        }
    });
    html! {
        <>
            <a class="skip-link" href="#main" onclick={skip_to_content}>{ "Skip to content" }</a>
            <PresenterKeys />
            <Header />
            <UnreadableBanner />
            <lp::lab::LabStrip />
            <main id="main" tabindex="-1">
                { switch(route) }
            </main>
            <Notices />
            <footer class="site-footer">
                <LabMenu />
                <p class="footnote">
                    { "Nimbus Lab simulates AWS in your browser. Nothing here reaches a real AWS account; \
                       your lab is saved in this browser only." }
                </p>
            </footer>
        </>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::S3 => html! { <S3Page /> },
        Route::Kms => html! { <KmsPage /> },
        Route::CloudHsm => html! { <CloudHsmPage /> },
        Route::Encryption => html! { <EncryptionPage /> },
        Route::Route53 => html! { <Route53Page /> },
        Route::CloudFormation => html! { <CloudFormationPage /> },
        Route::Learn => html! { <lp::hub::LearnPage /> },
        Route::Practice => html! { <lp::practice::PracticePage /> },
        Route::Exam => html! { <lp::exam::ExamPage /> },
        Route::Review => html! { <lp::review::ReviewPage /> },
        Route::Labs => html! { <lp::labs::LabsPage /> },
        Route::Lab { id } => html! { <lp::lab::LabPage {id} /> },
        Route::Demo { id } => html! { <lp::demo::DemoPage {id} /> },
        Route::Readiness => html! { <lp::readiness::ReadinessPage /> },
        Route::Share { data } => html! { <lp::share::SharePage {data} /> },
        Route::Service { slug } => match crate::catalog::find(&slug) {
            Some(service) => html! { <ComingPage slug={service.slug} /> },
            None => html! { <NotFoundPage /> },
        },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}
