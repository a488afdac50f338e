<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- A staff member's own team card: what clients whose team they are on see. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="m" select="member"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/account">Your account</a></nav>
    <h1>Your team card</h1>
    <p class="hint">The contacts of every client whose team you are on see this card,
      and so do those of the projects you own.</p>
    <div class="team-cards">
      <div class="team-card">
        <xsl:for-each select="$m"><xsl:call-template name="team-face"/></xsl:for-each>
        <div class="team-card-body">
          <p class="team-name"><strong><xsl:value-of select="$m/@name"/></strong></p>
          <p class="team-role"><xsl:value-of select="$m/@title"/></p>
          <p class="small"><xsl:value-of select="$m/@email"/></p>
        </div>
      </div>
    </div>
    <form method="post" action="{$base}/account/card" enctype="multipart/form-data" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">title</xsl:with-param>
        <xsl:with-param name="label">Role</xsl:with-param>
        <xsl:with-param name="value" select="$m/@title"/>
        <xsl:with-param name="hint">Such as "Project lead" or "Designer".</xsl:with-param>
        <xsl:with-param name="autocomplete">organization-title</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">phone</xsl:with-param>
        <xsl:with-param name="label">Phone</xsl:with-param>
        <xsl:with-param name="type">tel</xsl:with-param>
        <xsl:with-param name="value" select="$m/@phone"/>
        <xsl:with-param name="autocomplete">tel</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">hours</xsl:with-param>
        <xsl:with-param name="label">Office hours</xsl:with-param>
        <xsl:with-param name="value" select="$m/@hours"/>
        <xsl:with-param name="hint">Such as "Mon–Thu 9:00–17:00 (UK time)".</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">photo</xsl:with-param>
        <xsl:with-param name="label">Photo</xsl:with-param>
        <xsl:with-param name="type">file</xsl:with-param>
        <xsl:with-param name="hint">PNG, JPEG, GIF or WebP, 5 MB at most. Without one, clients see your initials.</xsl:with-param>
      </xsl:call-template>
      <xsl:if test="$m/@photo">
        <div class="field">
          <input type="checkbox" id="f-remove_photo" name="remove_photo" value="1"/>
          <label for="f-remove_photo">Remove the photo</label>
        </div>
      </xsl:if>
      <p><button type="submit" class="primary">Save your card</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
