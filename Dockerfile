# Builds the aevum program from this repository and runs it.
#   docker build -t aevum .
#   docker run --rm -p 7233:7233 aevum server start-dev --ip 0.0.0.0
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Every module's pom is part of the reactor, so the whole tree is copied (see .dockerignore).
COPY . .
RUN mvn -B -q -DskipTests -pl server-app -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/aevum --create-home aevum
COPY --from=build /src/server-app/target/aevum.jar /opt/aevum/aevum.jar
USER aevum
WORKDIR /var/lib/aevum
EXPOSE 7233 9464
# Use the container's memory limit rather than the host's.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/aevum/aevum.jar"]
CMD ["server", "start"]
