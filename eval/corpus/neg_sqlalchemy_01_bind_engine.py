# label: negative
# family: sqlalchemy
# shape: orm-bind
from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("postgresql://app@db/app")
metadata = MetaData()
metadata.create_all(bind=engine)
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)

with Session(bind=engine) as session:
    session.execute("SELECT 1")
